//! The organization tree: regions hold municipalities, municipalities hold schools.

use std::collections::HashMap;

/// What an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Region,
    Municipality,
    School,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "region" | "регион" => Some(Kind::Region),
            "municipality" | "муниципалитет" => Some(Kind::Municipality),
            "school" | "школа" | "оо" => Some(Kind::School),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Region => "region",
            Kind::Municipality => "municipality",
            Kind::School => "school",
        }
    }

    /// The kind in words in `lang`: «школа», «муниципалитет», «регион».
    pub fn word(self, lang: crate::i18n::Lang) -> String {
        let key = match self {
            Kind::Region => "kind.region",
            Kind::Municipality => "kind.municipality",
            Kind::School => "kind.school",
        };
        crate::i18n::tr_in(lang, key, &[])
    }

    /// The kind an organization's parent must have.
    pub fn parent_kind(self) -> Option<Kind> {
        match self {
            Kind::Region => None,
            Kind::Municipality => Some(Kind::Region),
            Kind::School => Some(Kind::Municipality),
        }
    }
}

/// An index into [`Orgs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrgId(pub u32);

/// One organization of orgs.csv.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub parent: Option<OrgId>,
    pub short_name: Option<String>,
    pub address: Option<String>,
    pub website: Option<String>,
    pub profile: Option<String>,
}

impl Org {
    /// The short name where one is given, else the full name.
    pub fn display_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// All organizations, with lookups by id and by parent. Built only from a validated tree.
#[derive(Debug, Default)]
pub struct Orgs {
    list: Vec<Org>,
    by_id: HashMap<String, OrgId>,
    children: Vec<Vec<OrgId>>,
}

impl Orgs {
    /// Builds the lookups; the caller has checked that every parent exists and kinds nest.
    pub fn new(list: Vec<Org>) -> Orgs {
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), OrgId(i as u32)))
            .collect();
        let mut children = vec![Vec::new(); list.len()];
        for (i, org) in list.iter().enumerate() {
            if let Some(p) = org.parent {
                children[p.0 as usize].push(OrgId(i as u32));
            }
        }
        for c in &mut children {
            c.sort_by(|a, b| list[a.0 as usize].name.cmp(&list[b.0 as usize].name));
        }
        Orgs {
            list,
            by_id,
            children,
        }
    }

    pub fn get(&self, id: OrgId) -> &Org {
        &self.list[id.0 as usize]
    }

    pub fn find(&self, id: &str) -> Option<OrgId> {
        self.by_id.get(id).copied()
    }

    pub fn children(&self, id: OrgId) -> &[OrgId] {
        &self.children[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every organization in file order.
    pub fn ids(&self) -> impl Iterator<Item = OrgId> + '_ {
        (0..self.list.len() as u32).map(OrgId)
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = OrgId> + '_ {
        self.ids().filter(move |&i| self.get(i).kind == kind)
    }

    /// The ancestor of `id` (or `id` itself) of the given kind.
    pub fn ancestor(&self, id: OrgId, kind: Kind) -> Option<OrgId> {
        #[cfg(feature = "op-count")]
        ANCESTOR_CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut at = Some(id);
        while let Some(i) = at {
            if self.get(i).kind == kind {
                return Some(i);
            }
            at = self.get(i).parent;
        }
        None
    }

    /// The schools below a region or municipality (a school is its own only school).
    pub fn schools_under(&self, id: OrgId) -> Vec<OrgId> {
        match self.get(id).kind {
            Kind::School => vec![id],
            _ => self
                .children(id)
                .iter()
                .flat_map(|&c| self.schools_under(c))
                .collect(),
        }
    }
}

/// Calls of [`Orgs::ancestor`], counted with the `op-count` feature: the step every scan over
/// the cells takes for each cell (whose region? whose municipality?), so that the scaling test
/// (tests/scaling.rs) sees a scan repeated per school as calls growing with the square.
#[cfg(feature = "op-count")]
pub static ANCESTOR_CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
