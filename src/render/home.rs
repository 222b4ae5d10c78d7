//! The portal's home page: every region with its latest objectivity index, and the free pages.

use super::area::ChildRow;
use super::views::{Here, Link};
use super::{urls, Renderer};
use crate::model::Kind;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct HomeView {
    regions: Vec<ChildRow>,
    pages: Vec<Link>,
}

impl Renderer<'_> {
    pub(super) fn home(&self, out: &mut Output) -> Result<()> {
        let here = Here::new("index.html");
        let view = HomeView {
            regions: self
                .project
                .orgs
                .of_kind(Kind::Region)
                .map(|r| self.child_row(&here, r))
                .collect(),
            pages: self
                .sorted_pages()
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug)))
                .collect(),
        };
        let title = self.project.config.title.clone();
        self.page("home.html", "index.html", &title, Vec::new(), &view, out)
    }
}
