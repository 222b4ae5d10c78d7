//! The methodology page, generated from the parameters in force, and the open-data page.

use super::views::Link;
use super::{opendata, urls, Renderer};
use crate::format::decimal;
use crate::model::config::Scope;
use crate::model::Marker;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct MarkerParam {
    code: &'static str,
    label: &'static str,
    meaning: &'static str,
    counted: bool,
}

#[derive(Serialize)]
struct MethodologyView {
    min_group: u32,
    min_publish: u32,
    z: String,
    iqr_k: String,
    peak_z: String,
    unconfirmed_z: String,
    low_confirmation: String,
    inflated_mean_scope: Vec<String>,
    mark_mismatch_scope: Vec<String>,
    cohort_scope: Vec<String>,
    markers: Vec<MarkerParam>,
    cohort_min_schools: usize,
}

#[derive(Serialize)]
struct FileView {
    link: Link,
    title: &'static str,
    structure: &'static str,
    bytes: usize,
}

#[derive(Serialize)]
struct OpendataView {
    files: Vec<FileView>,
    meta: Link,
    skipped: Vec<(String, usize)>,
    min_publish: u32,
}

impl Renderer<'_> {
    fn scope_text(&self, rules: &[Scope]) -> Vec<String> {
        rules
            .iter()
            .map(|r| {
                let procs: Vec<&str> = r.procedures.iter().map(|p| p.label()).collect();
                let subjects: Vec<&str> = r
                    .subjects
                    .iter()
                    .map(|&s| self.project.subjects.name(s))
                    .collect();
                let grades: Vec<String> = r.grades.iter().map(u8::to_string).collect();
                format!(
                    "{}: {}; классы {}",
                    procs.join(", "),
                    subjects.join(", "),
                    grades.join(", ")
                )
            })
            .collect()
    }

    pub(super) fn methodology(&self, out: &mut Output) -> Result<()> {
        let m = &self.project.config.methodology;
        let view = MethodologyView {
            min_group: m.min_group,
            min_publish: m.min_publish,
            z: decimal(m.z, 2),
            iqr_k: decimal(m.iqr_k, 1),
            peak_z: decimal(m.peak_z, 2),
            unconfirmed_z: decimal(m.unconfirmed_z, 2),
            low_confirmation: decimal(m.low_confirmation, 0),
            inflated_mean_scope: self.scope_text(&m.inflated_mean),
            mark_mismatch_scope: self.scope_text(&m.mark_mismatch),
            cohort_scope: self.scope_text(&m.cohort),
            markers: Marker::ALL
                .iter()
                .map(|&k| MarkerParam {
                    code: k.code(),
                    label: k.label(),
                    meaning: super::markers::meaning(k),
                    counted: m.index_markers.contains(&k),
                })
                .collect(),
            cohort_min_schools: crate::indicators::federal::COHORT_MIN_SCHOOLS,
        };
        let path = urls::METHODOLOGY;
        self.page(
            "methodology.html",
            path,
            "Методика",
            self.home_crumb(path),
            &view,
            out,
        )
    }

    /// The open-data page; `sizes` are what [`super::opendata::write`] wrote.
    pub(super) fn opendata_page(
        &self,
        sizes: &[(&'static str, usize)],
        out: &mut Output,
    ) -> Result<()> {
        let path = urls::OPENDATA;
        let here = super::views::Here::new(path);
        let files = opendata::FILES
            .iter()
            .map(|(name, title, structure)| FileView {
                link: here.link(*name, &format!("opendata/{name}")),
                title,
                structure,
                bytes: sizes
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(0, |(_, size)| *size),
            })
            .collect();
        let view = OpendataView {
            files,
            meta: here.link("meta.csv", "opendata/meta.csv"),
            skipped: self
                .project
                .skipped_rows
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            min_publish: self.project.config.methodology.min_publish,
        };
        self.page(
            "opendata.html",
            path,
            "Открытые данные",
            self.home_crumb(path),
            &view,
            out,
        )
    }
}
