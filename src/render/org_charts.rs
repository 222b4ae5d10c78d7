//! Chart specifications: which charts each organization page gets and what they show, as
//! functions of the site's [`Facts`] alone (no templates; the drawing itself is
//! [`crate::charts`]).

use super::facts::Facts;
use crate::charts::{Bars, Chart, Mark, Meaning, Part, Rule, Series};
use crate::format::decimal_in;
use crate::i18n::msg_in;
use crate::i18n::Lang;
use crate::indicators::federal::region_upper;
use crate::model::{CellKey, Kind, Marker, OrgId, Procedure, SchoolCell, SubjectId};

/// A change in percentage points, signed, with its unit: «+7,4 п.», «−3,7 п.».
pub(super) fn change_in_points(lang: Lang, change: f64) -> String {
    let value = decimal_in(lang, change.abs(), 1);
    let sign = match value.chars().any(|c| ('1'..='9').contains(&c)) {
        false => "",
        true if change > 0.0 => "+",
        true => "−",
    };
    msg_in!(
        lang,
        "chart.change_points",
        value = format!("{sign}{value}")
    )
}

/// "2021 — 85,2; 2022 — 81,5": a chart's numbers in words for its description.
fn pairs(lang: Lang, categories: &[String], values: &[Option<f64>], decimals: usize) -> String {
    categories
        .iter()
        .zip(values)
        .map(|(c, v)| {
            format!(
                "{c} — {}",
                v.map_or_else(
                    || msg_in!(lang, "chart.no_data"),
                    |v| decimal_in(lang, v, decimals)
                )
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Facts<'_> {
    /// A chart's defaults, in the site's language.
    fn bars(&self) -> Bars {
        Bars {
            lang: self.project.lang(),
            ..Bars::default()
        }
    }

    fn index_series(&self, org: OrgId, years: &[u16]) -> Vec<Option<f64>> {
        years
            .iter()
            .map(|&y| {
                self.ind
                    .indices
                    .iter()
                    .find(|r| r.org == org && r.year == y)
                    .and_then(|r| r.index)
            })
            .collect()
    }

    /// Region or municipality: the index by year (a municipality's against its region), the
    /// ranking or marker counts of its children, and the distribution of its schools' means.
    pub fn org_charts(&self, id: OrgId) -> Vec<Chart> {
        let orgs = &self.project.orgs;
        let lang = self.project.lang();
        let org = orgs.get(id);
        let mut years: Vec<u16> = self
            .ind
            .indices
            .iter()
            .filter(|r| r.org == id)
            .map(|r| r.year)
            .collect();
        years.dedup();
        if years.is_empty() {
            return Vec::new();
        }
        let cats: Vec<String> = years.iter().map(u16::to_string).collect();
        let mut series = vec![Series {
            name: org.display_name().to_owned(),
            meaning: if org.kind == Kind::Region {
                Meaning::Region
            } else {
                Meaning::Municipality
            },
            values: self.index_series(id, &years),
        }];
        let mut desc = msg_in!(
            lang,
            "chart.index_desc",
            pairs = pairs(lang, &cats, &series[0].values, 1)
        );
        if let Some(region) = org.parent.and_then(|_| orgs.ancestor(id, Kind::Region)) {
            let values = self.index_series(region, &years);
            let region = msg_in!(lang, "chart.region");
            desc.push_str(&format!(". {region}: {}", pairs(lang, &cats, &values, 1)));
            series.push(Series {
                name: region,
                meaning: Meaning::Region,
                values,
            });
        }
        let own = &series[0].values;
        let latest_value = own.last().copied().flatten();
        let mut reading = match latest_value {
            Some(v) => msg_in!(
                lang,
                "chart.index_reading",
                year = years[years.len() - 1],
                value = decimal_in(lang, v, 1)
            ),
            None => msg_in!(lang, "chart.index_none"),
        };
        let before = own.len().checked_sub(2).and_then(|i| own[i]);
        if let (Some(now), Some(before)) = (latest_value, before) {
            reading.push(' ');
            reading.push_str(&msg_in!(
                lang,
                "chart.index_change",
                year = years[years.len() - 2],
                change = change_in_points(lang, now - before)
            ));
        }
        let mut charts = vec![Bars {
            id: "index-by-year".into(),
            title: msg_in!(lang, "ui.index_by_years"),
            reading,
            value_title: msg_in!(lang, "chart.index_axis"),
            desc,
            categories: cats,
            series,
            y_max: 100.0,
            decimals: 1,
            labels: true,
            ..self.bars()
        }
        .render()];
        let latest = *years.last().expect("years is not empty");
        if org.kind == Kind::Region {
            charts.extend(self.ranking(id, latest));
            charts.push(self.marker_counts(id, latest));
        } else {
            charts.extend(self.school_marker_counts(id, latest));
        }
        charts.extend(self.mean_distribution(id, latest));
        charts
    }

    /// Municipalities of a region ranked by their index in a year.
    fn ranking(&self, region: OrgId, year: u16) -> Option<Chart> {
        let orgs = &self.project.orgs;
        let lang = self.project.lang();
        let mut rows: Vec<(String, f64)> = orgs
            .children(region)
            .iter()
            .filter_map(|&m| {
                let index = self
                    .ind
                    .indices
                    .iter()
                    .find(|r| r.org == m && r.year == year)?
                    .index?;
                Some((orgs.get(m).display_name().to_owned(), index))
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let categories: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let values: Vec<Option<f64>> = rows.iter().map(|r| Some(r.1)).collect();
        Some(
            Bars {
                id: "ranking".into(),
                title: msg_in!(lang, "chart.ranking", year = year),
                reading: msg_in!(
                    lang,
                    "chart.ranking_reading",
                    top = rows[0].0,
                    top_value = decimal_in(lang, rows[0].1, 1),
                    bottom = rows[rows.len() - 1].0,
                    bottom_value = decimal_in(lang, rows[rows.len() - 1].1, 1)
                ),
                desc: msg_in!(
                    lang,
                    "chart.ranking_desc",
                    pairs = pairs(lang, &categories, &values, 1)
                ),
                labels: true,
                horizontal: true,
                value_title: msg_in!(lang, "chart.index_axis_long"),
                categories,
                series: vec![Series {
                    name: msg_in!(lang, "ui.col_index"),
                    meaning: Meaning::Municipality,
                    values,
                }],
                y_max: 100.0,
                decimals: 1,
                ..self.bars()
            }
            .render(),
        )
    }

    /// How many evaluated schools have 0, 1, 2, 3, 4 or more counted markers in a year.
    fn marker_counts(&self, id: OrgId, year: u16) -> Chart {
        let lang = self.project.lang();
        let mut counts = [0u32; 5];
        for s in self.project.orgs.schools_under(id) {
            if self.ind.evaluated.contains(&(year, s)) {
                counts[self.ind.index_marker_count(self.project, s, year).min(4)] += 1;
            }
        }
        let categories: Vec<String> = ["0", "1", "2", "3", "4+"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let values: Vec<Option<f64>> = counts.iter().map(|&c| Some(c as f64)).collect();
        Bars {
            id: "marker-counts".into(),
            title: msg_in!(lang, "chart.marker_counts", year = year),
            reading: format!(
                "{} {}",
                msg_in!(
                    lang,
                    "chart.marker_counts_reading",
                    clean = counts[0],
                    total = counts.iter().sum::<u32>()
                ),
                msg_in!(lang, "chart.counted_per_work")
            ),
            value_title: msg_in!(lang, "chart.schools"),
            category_title: msg_in!(lang, "chart.signs_of_school"),
            integer: true,
            desc: msg_in!(
                lang,
                "chart.marker_counts_desc",
                pairs = pairs(lang, &categories, &values, 0)
            ),
            categories,
            series: vec![Series {
                name: msg_in!(lang, "chart.schools"),
                meaning: Meaning::School,
                values: values.clone(),
            }],
            mark: Some(Mark {
                meaning: Meaning::FederalSign,
                name: msg_in!(lang, "chart.with_signs"),
                part: Part::Whole(vec![1, 2, 3, 4]),
            }),
            y_max: values.iter().flatten().fold(1.0, |a: f64, &b| a.max(b)),
            decimals: 0,
            labels: true,
            ..self.bars()
        }
        .render()
    }

    /// Each evaluated school of a municipality with its number of counted markers in a year.
    fn school_marker_counts(&self, id: OrgId, year: u16) -> Option<Chart> {
        let orgs = &self.project.orgs;
        let lang = self.project.lang();
        let schools: Vec<OrgId> = orgs
            .schools_under(id)
            .into_iter()
            .filter(|&s| self.ind.evaluated.contains(&(year, s)))
            .collect();
        if schools.is_empty() {
            return None;
        }
        let mut rows: Vec<(String, usize)> = schools
            .iter()
            .map(|&s| {
                let count = self.ind.index_marker_count(self.project, s, year);
                (orgs.get(s).display_name().to_owned(), count)
            })
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let flagged = rows.iter().filter(|r| r.1 > 0).count();
        let categories: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let values: Vec<Option<f64>> = rows.iter().map(|r| Some(r.1 as f64)).collect();
        Some(
            Bars {
                id: "school-markers".into(),
                title: msg_in!(lang, "chart.school_markers", year = year),
                reading: format!(
                    "{} {}",
                    msg_in!(
                        lang,
                        "chart.school_markers_reading",
                        flagged = flagged,
                        total = rows.len()
                    ),
                    msg_in!(lang, "chart.counted_per_work")
                ),
                horizontal: true,
                integer: true,
                value_title: msg_in!(lang, "chart.signs_of_school"),
                desc: msg_in!(
                    lang,
                    "chart.school_markers_desc",
                    pairs = pairs(lang, &categories, &values, 0)
                ),
                y_max: values.iter().flatten().fold(1.0f64, |a, &b| a.max(b)),
                labels: true,
                categories,
                series: vec![Series {
                    name: msg_in!(lang, "chart.signs"),
                    meaning: Meaning::FederalSign,
                    values,
                }],
                decimals: 0,
                ..self.bars()
            }
            .render(),
        )
    }

    /// A school's signs per year, federal and supplementary: its trend, when it has two years.
    pub fn school_trend(&self, id: OrgId) -> Option<Chart> {
        let lang = self.project.lang();
        let mut years: Vec<u16> = self.cells_of(id).map(|(sc, _)| sc.key.year).collect();
        years.dedup();
        if years.len() < 2 {
            return None;
        }

        let count = |federal: bool| -> Vec<Option<f64>> {
            years
                .iter()
                .map(|&y| {
                    Some(
                        self.ind
                            .hits_of(id, y)
                            .iter()
                            .filter(|h| h.marker.is_federal() == federal)
                            .count() as f64,
                    )
                })
                .collect()
        };
        let categories: Vec<String> = years.iter().map(u16::to_string).collect();
        let (federal, other) = (count(true), count(false));
        Bars {
            id: "markers-by-year".into(),
            title: msg_in!(lang, "chart.by_year"),
            reading: msg_in!(
                lang,
                "chart.by_year_reading",
                year = years[years.len() - 1],
                federal = decimal_in(lang, federal.last().copied().flatten().unwrap_or(0.0), 0),
                other = decimal_in(lang, other.last().copied().flatten().unwrap_or(0.0), 0)
            ),
            value_title: msg_in!(lang, "chart.signs"),
            integer: true,
            desc: msg_in!(
                lang,
                "chart.by_year_desc",
                federal = pairs(lang, &categories, &federal, 0),
                other = pairs(lang, &categories, &other, 0)
            ),
            y_max: federal
                .iter()
                .chain(&other)
                .flatten()
                .fold(1.0f64, |a, &b| a.max(b)),
            categories,
            series: vec![
                Series {
                    name: msg_in!(lang, "chart.federal"),
                    meaning: Meaning::FederalSign,
                    values: federal,
                },
                Series {
                    name: msg_in!(lang, "chart.supplementary"),
                    meaning: Meaning::SupplementarySign,
                    values: other,
                },
            ],
            decimals: 0,
            labels: true,
            ..self.bars()
        }
        .render()
        .into()
    }

    /// Marks confirmed by the journal as stacked 100 % bars, one bar per row: lowered, confirmed,
    /// raised.
    fn confirmation(&self, year: u16, confirmed: &[(String, [f64; 3])]) -> Chart {
        let lang = self.project.lang();
        let categories: Vec<String> = confirmed.iter().map(|c| c.0.clone()).collect();
        let series: Vec<Series> = [
            msg_in!(lang, "chart.lowered"),
            msg_in!(lang, "chart.confirmed"),
            msg_in!(lang, "chart.raised"),
        ]
        .iter()
        .zip([Meaning::Lowered, Meaning::Confirmed, Meaning::Raised])
        .enumerate()
        .map(|(i, (name, meaning))| Series {
            name: name.to_string(),
            meaning,
            values: confirmed.iter().map(|c| Some(c.1[i])).collect(),
        })
        .collect();
        let desc = msg_in!(
            lang,
            "chart.confirmation_desc",
            pairs = confirmed
                .iter()
                .map(|(c, p)| format!(
                    "{c} — {} / {} / {}",
                    decimal_in(lang, p[0], 1),
                    decimal_in(lang, p[1], 1),
                    decimal_in(lang, p[2], 1)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        Bars {
            id: "confirmation".into(),
            title: msg_in!(lang, "chart.confirmation", year = year),
            reading: {
                let confirmed_range = confirmed.iter().map(|c| c.1[1]);
                let lo = confirmed_range.clone().fold(100.0f64, f64::min);
                let hi = confirmed_range.fold(0.0f64, f64::max);
                msg_in!(
                    lang,
                    "chart.confirmation_reading",
                    lo = decimal_in(lang, lo, 0),
                    hi = decimal_in(lang, hi, 0)
                )
            },
            desc,
            labels: true,
            horizontal: true,
            stacked: true,
            value_title: msg_in!(lang, "chart.pct_participants"),
            unit: "%".into(),
            categories,
            series,
            y_max: 100.0,
            decimals: 0,
            ..self.bars()
        }
        .render()
    }

    /// The charts of a work's own page: its marks and score histogram, its marks confirmed by
    /// the journal beside its municipality's and region's, and each cohort sign it raised with K
    /// against the region's fences.
    pub fn work_charts(&self, sc: &SchoolCell) -> Vec<Chart> {
        let project = self.project;
        let lang = project.lang();
        let year = sc.key.year;
        let mut charts = self.cell_charts(sc, 0);
        let pooled = |kind| {
            let org = project.orgs.ancestor(sc.org, kind)?;
            self.gate.pooled(org, sc.key)?.confirmation()
        };
        let confirmed: Vec<(String, [f64; 3])> = [
            (
                msg_in!(lang, "chart.school"),
                self.gate.cell(sc).and_then(|c| c.confirmation()),
            ),
            (
                msg_in!(lang, "ui.col_municipality"),
                pooled(Kind::Municipality),
            ),
            (msg_in!(lang, "chart.region"), pooled(Kind::Region)),
        ]
        .into_iter()
        .filter_map(|(name, c)| {
            Some((
                name,
                crate::indicators::supplementary::confirmation_percents(c?)?,
            ))
        })
        .collect();
        if self.gate.cell(sc).and_then(|c| c.confirmation()).is_some() {
            charts.push(self.confirmation(year, &confirmed));
        }
        for (i, hit) in self
            .ind
            .hits_of(sc.org, year)
            .iter()
            .filter(|h| h.cell == Some(sc.key))
            .enumerate()
        {
            let Some(numbers) = self.gate.numbers(hit) else {
                continue;
            };
            let crate::indicators::Evidence::Cohort {
                k, q25, q75, fence, ..
            } = *numbers.value().evidence
            else {
                continue;
            };
            let Some(key) = hit.cell else { continue };
            let categories = vec![
                msg_in!(lang, "chart.q25"),
                msg_in!(lang, "chart.q75"),
                msg_in!(lang, "chart.k_school"),
            ];
            let values = vec![Some(q25), Some(q75), Some(k)];
            charts.push(
                Bars {
                    id: format!("cohort-{i}"),
                    title: msg_in!(
                        lang,
                        "chart.cohort",
                        subject = project.subjects.name_in(key.subject, lang),
                        from = key.grade - 1,
                        to = key.grade,
                        prev = year - 1,
                        year = year
                    ),
                    desc: msg_in!(
                        lang,
                        "chart.cohort_desc",
                        k = decimal_in(lang, k, 2),
                        q25 = decimal_in(lang, q25, 2),
                        q75 = decimal_in(lang, q75, 2),
                        fence = decimal_in(lang, fence, 2)
                    ),
                    reading: if hit.marker == crate::model::Marker::CohortFall {
                        msg_in!(
                            lang,
                            "chart.cohort_above",
                            k = decimal_in(lang, k, 2),
                            fence = decimal_in(lang, fence, 2)
                        )
                    } else {
                        msg_in!(
                            lang,
                            "chart.cohort_below",
                            k = decimal_in(lang, k, 2),
                            fence = decimal_in(lang, fence, 2)
                        )
                    },
                    value_title: "K = S(N, Y−1) / S(N+1, Y)".into(),
                    y_max: k.max(q75).max(fence),
                    categories,
                    series: vec![Series {
                        name: msg_in!(lang, "chart.region_quartiles"),
                        meaning: Meaning::Region,
                        values,
                    }],
                    mark: Some(Mark {
                        meaning: Meaning::sign(hit.marker),
                        name: msg_in!(lang, "chart.k_school"),
                        part: Part::Whole(vec![2]),
                    }),
                    decimals: 2,
                    labels: true,
                    levels: vec![Rule {
                        at: fence,
                        label: msg_in!(lang, "chart.fence", fence = decimal_in(lang, fence, 2)),
                    }],
                    ..self.bars()
                }
                .render(),
            );
        }
        charts
    }

    /// The schools of `schools` the indicators flagged with `marker` in the cell `key`: the
    /// markers' own hits, never a re-derivation.
    fn flagged_in(&self, marker: Marker, key: CellKey, schools: &[OrgId]) -> Vec<OrgId> {
        schools
            .iter()
            .copied()
            .filter(|&s| {
                self.ind
                    .hits_of(s, key.year)
                    .iter()
                    .any(|h| h.marker == marker && h.cell == Some(key))
            })
            .collect()
    }

    /// Published schools' mean scores in the first `inflated_mean` cell of the year, binned at
    /// round intervals, with the region's mean and upper bound; the schools the sign flagged
    /// hatched in their bins and counted in the reading.
    fn mean_distribution(&self, id: OrgId, year: u16) -> Option<Chart> {
        let lang = self.project.lang();
        let project = self.project;
        let m = &project.config.methodology;
        let region = project.orgs.ancestor(id, Kind::Region)?;
        let lowest = CellKey {
            year,
            procedure: Procedure::Vpr,
            subject: SubjectId(0),
            grade: 0,
        };
        let key = self
            .ind
            .pooled_keys(region, lowest)
            .take_while(|k| k.year == year)
            .find(|k| {
                m.inflated_mean
                    .iter()
                    .any(|r| r.contains(k.procedure, k.subject, k.grade))
            })?;
        let schools = project.orgs.schools_under(id);
        let means: Vec<(OrgId, f64)> = schools
            .iter()
            .filter_map(|&s| {
                let mean = self.gate.cell(&SchoolCell { key, org: s })?.moments()?.mean;
                mean.is_finite().then_some((s, mean))
            })
            .collect();
        let region_moments = self.gate.pooled(region, key)?.moments()?;
        if means.len() < 3 {
            return None;
        }
        let flagged = self.flagged_in(Marker::InflatedMean, key, &schools);
        let max = project.scales.get(&key).map_or_else(
            || means.iter().fold(0.0f64, |a, b| a.max(b.1)) + 1.0,
            |s| s.max_score as f64,
        );
        let width = crate::charts::bin_width(max, 25);
        let bins = ((max / width).ceil() as usize).max(1);
        let (mut counts, mut marked) = (vec![0.0; bins], vec![0.0; bins]);
        for &(s, v) in &means {
            let bin = ((v / width).max(0.0) as usize).min(bins - 1);
            counts[bin] += 1.0;
            if flagged.contains(&s) {
                marked[bin] += 1.0;
            }
        }
        let upper = region_upper(region_moments, m.param("z"));
        let decimals = crate::charts::decimals(width);
        let categories: Vec<String> = (0..bins)
            .map(|i| {
                format!(
                    "{}–{}",
                    decimal_in(lang, i as f64 * width, decimals),
                    decimal_in(lang, (i + 1) as f64 * width, decimals)
                )
            })
            .collect();
        let shown = marked.iter().sum::<f64>() as usize;
        let hidden = flagged.len() - shown;
        let near = means
            .iter()
            .filter(|(s, v)| *v > upper && !flagged.contains(s))
            .count();
        let sign = Marker::InflatedMean.label(lang);
        let schools_n = |n: usize| crate::i18n::tr_count_in(lang, "chart.schools_of", n);
        let mut reading = if shown > 0 {
            msg_in!(
                lang,
                "chart.means_flagged",
                sign = sign,
                flagged = schools_n(shown),
                schools = means.len()
            )
        } else {
            msg_in!(
                lang,
                "chart.means_unflagged",
                sign = sign,
                schools = means.len()
            )
        };
        if near > 0 {
            reading.push(' ');
            reading.push_str(&msg_in!(lang, "chart.means_near", near = schools_n(near)));
        }
        if hidden > 0 {
            reading.push(' ');
            reading.push_str(&msg_in!(
                lang,
                "chart.means_hidden",
                hidden = schools_n(hidden)
            ));
        }
        let desc = format!(
            "{} {reading}",
            msg_in!(
                lang,
                "chart.means_desc",
                schools = means.len(),
                width = decimal_in(lang, width, decimals),
                mean = decimal_in(lang, region_moments.mean, 1),
                upper = decimal_in(lang, upper, 1)
            )
        );
        Some(
            Bars {
                id: "mean-distribution".into(),
                title: msg_in!(
                    lang,
                    "chart.means",
                    work = project.work_label(&key),
                    year = year
                ),
                desc,
                reading,
                value_title: msg_in!(lang, "chart.schools"),
                category_title: msg_in!(lang, "chart.mean_score"),
                integer: true,
                y_max: counts.iter().copied().fold(1.0, f64::max),
                categories,
                series: vec![Series {
                    name: msg_in!(lang, "chart.schools"),
                    meaning: Meaning::School,
                    values: counts.into_iter().map(Some).collect(),
                }],
                mark: Some(Mark {
                    meaning: Meaning::sign(Marker::InflatedMean),
                    name: msg_in!(lang, "chart.means_mark", sign = sign),
                    part: Part::Counts(marked),
                }),
                bin_width: Some(width),
                decimals: 0,
                labels: false,
                rules: vec![
                    Rule {
                        at: region_moments.mean / width,
                        label: "x̄".into(),
                    },
                    Rule {
                        at: upper / width,
                        label: msg_in!(lang, "chart.bound_short"),
                    },
                ],
                rules_legend: msg_in!(lang, "chart.means_legend"),
                ..self.bars()
            }
            .render(),
        )
    }

    /// A published school-cell's charts: marks against municipality and region, and the score
    /// histogram with the mark boundaries (bars at a boundary highlighted when the school has a
    /// boundary-peak marker in that procedure and year).
    pub fn cell_charts(&self, sc: &SchoolCell, index: usize) -> Vec<Chart> {
        let project = self.project;
        let Some(cell) = self.gate.cell(sc) else {
            return Vec::new();
        };
        let key: CellKey = sc.key;
        let lang = project.lang();
        let what = project.work_label(&key);
        let mut charts = Vec::new();
        let percents = |marks: [u32; 4]| -> Vec<Option<f64>> {
            let n: u32 = marks.iter().sum();
            marks
                .iter()
                .map(|&c| (n > 0).then(|| 100.0 * c as f64 / n as f64))
                .collect()
        };
        if let Some(marks) = cell.marks() {
            let categories: Vec<String> = (2..=5).map(|m| format!("«{m}»")).collect();
            let mut series = vec![Series {
                name: msg_in!(lang, "chart.school"),
                meaning: Meaning::School,
                values: percents(marks),
            }];
            let mut desc = msg_in!(
                lang,
                "chart.marks_desc",
                pairs = pairs(lang, &categories, &series[0].values, 1)
            );
            let region_name = msg_in!(lang, "chart.region");
            for (kind, name, meaning) in [
                (
                    Kind::Municipality,
                    msg_in!(lang, "ui.col_municipality"),
                    Meaning::Municipality,
                ),
                (Kind::Region, region_name.clone(), Meaning::Region),
            ] {
                let pooled = project
                    .orgs
                    .ancestor(sc.org, kind)
                    .and_then(|o| self.gate.pooled(o, key));
                if let Some(marks) = pooled.and_then(|p| p.marks()) {
                    let values = percents(marks);
                    desc.push_str(&format!(
                        ". {name}: {}",
                        pairs(lang, &categories, &values, 1)
                    ));
                    series.push(Series {
                        name,
                        meaning,
                        values,
                    });
                }
            }
            let y_max = series
                .iter()
                .flat_map(|s| s.values.iter().flatten())
                .fold(10.0f64, |a, &b| a.max(b));
            charts.push(
                Bars {
                    id: format!("marks-{index}"),
                    title: msg_in!(lang, "chart.marks", what = what),
                    reading: {
                        let good = |v: &[Option<f64>]| v[2].unwrap_or(0.0) + v[3].unwrap_or(0.0);
                        let school = decimal_in(lang, good(&series[0].values), 0);
                        match series.iter().find(|s| s.name == region_name) {
                            Some(r) => msg_in!(
                                lang,
                                "chart.marks_reading_region",
                                school = school,
                                region = decimal_in(lang, good(&r.values), 0)
                            ),
                            None => msg_in!(lang, "chart.marks_reading", school = school),
                        }
                    },
                    value_title: msg_in!(lang, "chart.pct_participants"),
                    category_title: msg_in!(lang, "chart.mark"),
                    unit: "%".into(),
                    desc,
                    categories,
                    series,
                    y_max,
                    decimals: 0,
                    labels: true,
                    ..self.bars()
                }
                .render(),
            );
        }
        if let (Some(mut hist), Some(scale)) = (cell.histogram(), project.scales.get(&key)) {
            hist.resize(scale.max_score as usize + 1, 0);
            let peak =
                self.ind.hits_of(sc.org, key.year).iter().any(|h| {
                    h.marker == Marker::BoundaryPeak && h.procedure == Some(key.procedure)
                });
            let boundaries = scale.boundaries();
            charts.push(
                Bars {
                    id: format!("scores-{index}"),
                    title: msg_in!(lang, "chart.scores", what = what),
                    reading: msg_in!(lang, "chart.scores_reading", three = boundaries[0]),
                    value_title: msg_in!(lang, "ui.col_participants"),
                    category_title: msg_in!(lang, "chart.score"),
                    integer: true,
                    rules_legend: msg_in!(lang, "chart.scores_legend"),
                    desc: msg_in!(
                        lang,
                        "chart.scores_desc",
                        max = scale.max_score,
                        three = boundaries[0],
                        four = boundaries[1],
                        five = boundaries[2],
                        peak = if peak {
                            msg_in!(lang, "chart.scores_peak")
                        } else {
                            String::new()
                        }
                    ),
                    categories: (0..hist.len()).map(|s| s.to_string()).collect(),
                    series: vec![Series {
                        name: msg_in!(lang, "ui.col_participants"),
                        meaning: Meaning::School,
                        values: hist.iter().map(|&c| Some(c as f64)).collect(),
                    }],
                    y_max: hist.iter().copied().max().unwrap_or(1) as f64,
                    decimals: 0,
                    labels: false,
                    rules: boundaries
                        .iter()
                        .zip(["3", "4", "5"])
                        .map(|(&b, m)| Rule {
                            at: b as f64,
                            label: format!("«{m}»"),
                        })
                        .collect(),
                    mark: peak.then(|| Mark {
                        meaning: Meaning::sign(Marker::BoundaryPeak),
                        name: msg_in!(
                            lang,
                            "chart.peak_mark",
                            sign = Marker::BoundaryPeak.label(lang)
                        ),
                        part: Part::Whole(boundaries.iter().map(|&b| b as usize).collect()),
                    }),
                    ..self.bars()
                }
                .render(),
            );
        }
        charts
    }

    /// The task analysis of one work as a compact chart: the school's and the region's share of
    /// each task's points.
    pub fn task_chart(&self, what: &str, rows: &[super::tasks::TaskRow], index: usize) -> Chart {
        let categories: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
        let school: Vec<Option<f64>> = rows.iter().map(|r| r.school).collect();
        let region: Vec<Option<f64>> = rows.iter().map(|r| r.region).collect();
        let lang = self.project.lang();
        let desc = msg_in!(
            lang,
            "chart.tasks_desc",
            school = pairs(lang, &categories, &school, 1),
            region = pairs(lang, &categories, &region, 1)
        );
        Bars {
            id: format!("tasks-{index}"),
            title: msg_in!(lang, "chart.tasks", what = what),
            reading: {
                let below = rows
                    .iter()
                    .filter(|r| matches!((r.school, r.region), (Some(s), Some(g)) if s < g))
                    .count();
                msg_in!(
                    lang,
                    "chart.tasks_reading",
                    below = below,
                    total = rows.len()
                )
            },
            value_title: msg_in!(lang, "chart.pct_max"),
            category_title: msg_in!(lang, "ui.col_task"),
            unit: "%".into(),
            desc,
            categories,
            series: vec![
                Series {
                    name: msg_in!(lang, "chart.school"),
                    meaning: Meaning::School,
                    values: school,
                },
                Series {
                    name: msg_in!(lang, "chart.region"),
                    meaning: Meaning::Region,
                    values: region,
                },
            ],
            y_max: 100.0,
            decimals: 0,
            labels: false,
            ..self.bars()
        }
        .render()
    }
}

#[cfg(test)]
mod tests {
    use super::{change_in_points, pairs, Facts};

    #[test]
    fn a_cells_marks_chart_shows_its_shares_and_needs_no_templates() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        let (project, diags) = crate::load::load(&root);
        assert!(!diags.has_errors());
        let ind = crate::indicators::compute(&project, false);
        let facts = Facts::new(&project, &ind);
        let s4 = project.orgs.find("s4").unwrap();
        let (sc, _) = facts.cells_of(s4).next().unwrap();
        let charts = facts.cell_charts(sc, 0);
        let marks = charts
            .iter()
            .find(|c| c.title.starts_with("Отметки"))
            .unwrap();
        // The fixture's aggregate row: marks 2, 6, 8 and 4 of 20 participants.
        let school: Vec<(&str, &str)> = marks
            .table
            .rows
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        assert_eq!(
            school,
            [("«2»", "10"), ("«3»", "30"), ("«4»", "40"), ("«5»", "20")]
        );
        // A school under min_publish gets no chart at all.
        let s2 = project.orgs.find("s2").unwrap();
        let (sc, _) = facts.cells_of(s2).next().unwrap();
        assert!(facts.cell_charts(sc, 0).is_empty());
    }

    #[test]
    fn a_change_carries_its_sign_and_its_unit() {
        use crate::i18n::Lang::{En, Ru};
        // 59,3 − 51,9 = 7,4 points up; 51,9 − 55,6 = 3,7 down (a minus sign, not a hyphen).
        assert_eq!(change_in_points(Ru, 59.3 - 51.9), "+7,4 п.");
        assert_eq!(change_in_points(Ru, 51.9 - 55.6), "−3,7 п.");
        assert_eq!(change_in_points(En, 51.9 - 55.6), "−3.7 pp");
        // Less than 0,05 either way reads 0,0, and a zero has no sign.
        assert_eq!(change_in_points(Ru, 0.04), "0,0 п.");
        assert_eq!(change_in_points(Ru, -0.04), "0,0 п.");
    }

    #[test]
    fn describes_numbers_in_words() {
        let cats = vec!["2021".to_string(), "2022".to_string()];
        assert_eq!(
            pairs(crate::i18n::Lang::Ru, &cats, &[Some(85.24), None], 1),
            "2021 — 85,2; 2022 — нет данных"
        );
    }
}
