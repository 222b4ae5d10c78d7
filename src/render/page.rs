//! A free page of content/: its Markdown, sanitised.

use super::{markdown, urls, PageKind, Renderer};
use crate::model::Page;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct PageView {
    html: String,
}

fn free_page(r: &Renderer, page: &Page, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let path = urls::page(&page.slug);
    let view = PageView {
        html: markdown::to_html(&page.markdown),
    };
    let crumbs = f.home_crumb(&path);
    r.page(&Free, &path, &page.title, crumbs, &view, out)
}

/// The free pages of content/: for the whole site.
pub(super) struct Free;

impl PageKind for Free {
    fn template(&self) -> (&'static str, &'static str) {
        template!("page.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        if !scope.is_site() {
            return Ok(());
        }
        for page in &r.facts.project.pages {
            free_page(r, page, out)?;
        }
        Ok(())
    }
}
