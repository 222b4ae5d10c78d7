//! A free page of content/: its Markdown, sanitised.

use super::{markdown, urls, Renderer};
use crate::model::Page;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct PageView {
    html: String,
}

impl Renderer<'_> {
    pub(super) fn free_page(&self, page: &Page, out: &mut Output) -> Result<()> {
        let path = urls::page(&page.slug);
        let view = PageView {
            html: markdown::to_html(&page.markdown),
        };
        let crumbs = self.home_crumb(&path);
        self.page("page.html", &path, &page.title, crumbs, &view, out)
    }
}
