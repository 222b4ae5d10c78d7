//! Task analysis, the «анализ результатов ВПР» every school writes by hand: per published
//! school-cell and task, the share of the maximum points earned, beside the municipality and
//! the region, with the verdict «не освоено» where data/tasks.csv gives the task a level
//! (SPEC «Supplementary indicators»). Descriptive, never a sign. Every figure passes the
//! disclosure gate: the school's cell, and the municipality's and region's pooled cells.

use crate::indicators::disclosure::Gate;
use crate::model::task::{Level, TaskNotes};
use crate::model::{Kind, Project, SchoolCell};

/// One task of a school-cell.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// The task's position in the protocol (0-based).
    pub index: usize,
    pub label: String,
    pub max: u16,
    /// Whether `max` came from the region's scores rather than data/tasks.csv.
    pub inferred: bool,
    pub level: Option<Level>,
    /// Percent of the maximum points earned by the pupils scored on the task: the school's
    /// (an area's own, in its pooled analysis).
    pub school: Option<f64>,
    pub municipality: Option<f64>,
    pub region: Option<f64>,
    /// Below the mastery threshold of the task's level.
    pub not_mastered: bool,
}

/// The name of a task level in `lang`, as the work's description writes it.
pub fn level_label(level: Level, lang: crate::i18n::Lang) -> String {
    let key = match level {
        Level::Basic => "ui.level_basic",
        Level::Advanced => "ui.level_advanced",
        Level::High => "ui.level_high",
    };
    crate::i18n::tr_in(lang, key, &[])
}

/// A task's label from data/tasks.csv, else its number in the protocol (1-based).
fn task_label(def: Option<&crate::model::task::Task>, k: usize) -> String {
    def.map_or_else(|| (k + 1).to_string(), |d| d.label.clone())
}

/// The task analysis of an organization's cell when its task shares may be published: a
/// school's, beside the municipality's and region's where theirs may be; or a municipality's
/// or region's pooled over its schools, beside the areas above it (`school` is then the area's
/// own share, and its own column empty). Maxima not in data/tasks.csv are inferred from the
/// region's publishable cells ([`crate::indicators::task_maxima`]).
pub fn analyse(project: &Project, gate: &Gate, sc: &SchoolCell) -> Vec<TaskRow> {
    let own = match project.orgs.get(sc.org).kind {
        Kind::School => gate.cell(sc).and_then(|c| c.tasks()),
        Kind::Municipality | Kind::Region => gate.pooled(sc.org, sc.key).and_then(|p| p.tasks()),
    };
    let Some(tasks) = own else {
        return Vec::new();
    };
    let Some(region_id) = project.orgs.ancestor(sc.org, Kind::Region) else {
        return Vec::new();
    };
    let pooled = |kind| {
        let org = project
            .orgs
            .ancestor(sc.org, kind)
            .filter(|&o| o != sc.org)?;
        gate.pooled(org, sc.key)?.tasks()
    };
    let region: Option<&TaskNotes> = pooled(Kind::Region);
    let municipality: Option<&TaskNotes> = pooled(Kind::Municipality);
    let defs = project.tasks.get(&sc.key);
    let mastery = &project.config.methodology.mastery;
    tasks
        .by_task
        .iter()
        .enumerate()
        .filter_map(|(k, tally)| {
            let def = defs.and_then(|d| d.get(k));
            let given = def.and_then(|d| d.max_points);
            let max = given
                .or_else(|| gate.task_max(region_id, sc.key, k))
                .unwrap_or(0);
            if max == 0 {
                return None;
            }
            let level = def.and_then(|d| d.level);
            let school = tally.share(max);
            Some(TaskRow {
                index: k,
                label: task_label(def, k),
                max,
                inferred: given.is_none(),
                level,
                school,
                municipality: municipality.and_then(|m| m.by_task.get(k)?.share(max)),
                region: region.and_then(|r| r.by_task.get(k)?.share(max)),
                not_mastered: matches!((level, school), (Some(l), Some(s)) if s < mastery.threshold(l)),
            })
        })
        .collect()
}

/// Labels of the tasks a whole school-cell left unscored (every pupil's cell empty) while
/// others in the region scored them.
pub fn unscored(project: &Project, gate: &Gate, sc: &SchoolCell) -> Vec<String> {
    let Some(tasks) = gate.cell(sc).and_then(|c| c.tasks()) else {
        return Vec::new();
    };
    let defs = project.tasks.get(&sc.key);
    tasks
        .by_task
        .iter()
        .enumerate()
        .filter(|(_, t)| t.scored() == 0 && t.unscored > 0)
        .map(|(k, _)| task_label(defs.and_then(|d| d.get(k)), k))
        .collect()
}
