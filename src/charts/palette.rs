//! One colour per meaning, across every chart of the site.
//!
//! A chart never picks a colour: it names what a shape means ([`Meaning`]: whose figure it is,
//! or which kind of sign, or which part of the confirmation of marks), and this module gives the
//! meaning its CSS class and colour, in the light and the dark scheme. So «Школа» is the same
//! blue on every page, and one colour never means two things. The stylesheet's block of chart
//! colours is [`css`], word for word (a test keeps them equal), and docs/charts.md lists the
//! meanings with their colours (a test checks that too). Every colour is at least 3:1 against the
//! page in its scheme (WCAG 2.1, 1.4.11), and no meaning rests on colour alone: charts write
//! values on the bars, name series in the legend, hatch the bars of signs and keep a table.

use plotters::style::RGBColor;

/// What a bar means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A school's figure (and counts of schools).
    School,
    /// A municipality's figure.
    Municipality,
    /// A region's figure.
    Region,
    /// A federal sign (ФИОКО): counted signs, and the bars of schools or values that raised one.
    FederalSign,
    /// A supplementary sign, likewise.
    SupplementarySign,
    /// Participants whose assessment mark is below their journal mark.
    Lowered,
    /// Participants whose assessment mark equals their journal mark.
    Confirmed,
    /// Participants whose assessment mark is above their journal mark.
    Raised,
}

/// A meaning's colour.
pub struct Colour {
    pub meaning: Meaning,
    /// The CSS custom property's name after `--c-`.
    pub name: &'static str,
    /// The class suffix: fills are `f` + it.
    pub class: char,
    pub light: &'static str,
    pub dark: &'static str,
}

/// Every meaning's colour, in the order of [`Meaning`].
pub const PALETTE: [Colour; 8] = [
    Colour {
        meaning: Meaning::School,
        name: "school",
        class: 's',
        light: "#1a66c7",
        dark: "#6fb1ff",
    },
    Colour {
        meaning: Meaning::Municipality,
        name: "municipality",
        class: 'm',
        light: "#0b8a99",
        dark: "#5fd3dd",
    },
    Colour {
        meaning: Meaning::Region,
        name: "region",
        class: 'r',
        light: "#3d454d",
        dark: "#8b949e",
    },
    Colour {
        meaning: Meaning::FederalSign,
        name: "federal",
        class: 'f',
        light: "#b3261e",
        dark: "#ff8a80",
    },
    Colour {
        meaning: Meaning::SupplementarySign,
        name: "supplementary",
        class: 'u',
        light: "#c2439b",
        dark: "#ef8fd0",
    },
    Colour {
        meaning: Meaning::Lowered,
        name: "lowered",
        class: 'l',
        light: "#c06f00",
        dark: "#e8a23a",
    },
    Colour {
        meaning: Meaning::Confirmed,
        name: "confirmed",
        class: 'c',
        light: "#1a7f37",
        dark: "#6fd08c",
    },
    Colour {
        meaning: Meaning::Raised,
        name: "raised",
        class: 'h',
        light: "#6b4fbb",
        dark: "#b9a3ff",
    },
];

/// The page's background in the light and the dark scheme (style.css `--bg`).
pub const BACKGROUND: (&str, &str) = ("#ffffff", "#14171a");

impl Meaning {
    pub fn colour(self) -> &'static Colour {
        &PALETTE[self as usize]
    }

    /// The colour of a sign of this kind.
    pub fn sign(marker: crate::model::Marker) -> Meaning {
        if marker.is_federal() {
            Meaning::FederalSign
        } else {
            Meaning::SupplementarySign
        }
    }
}

/// What a shape is drawn with: a meaning's colour, or the page's own ink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Data(Meaning),
    /// Axes, ticks and leader lines (`--muted`).
    Axis,
    /// Reference lines: boundaries, means, bounds, fences (`--fg`, dashed).
    Reference,
    /// The stripes that hatch the bars of signs (`--bg`).
    Hatch,
}

impl Paint {
    /// The class suffix: `f` or `s` (fill or stroke) + it.
    pub fn class(self) -> char {
        match self {
            Paint::Data(m) => m.colour().class,
            Paint::Axis => 'a',
            Paint::Reference => 'x',
            Paint::Hatch => 'b',
        }
    }

    /// The colour plotters draws with: a placeholder that carries the class suffix, which the
    /// backend writes as a class.
    pub fn placeholder(self) -> RGBColor {
        RGBColor(self.class() as u8, 0, 0)
    }
}

/// The stylesheet's block of chart colours: each meaning's colour as a custom property in both
/// schemes, and its fill class.
pub fn css() -> String {
    let vars = |dark: bool| -> String {
        PALETTE
            .iter()
            .map(|c| format!("--c-{}:{};", c.name, if dark { c.dark } else { c.light }))
            .collect()
    };
    let mut out = format!(
        "/* Chart colours, one per meaning: written by src/charts/palette.rs (css()), kept equal by its test. */\n:root{{{}}}\n@media (prefers-color-scheme: dark){{:root{{{}}}}}\n",
        vars(false),
        vars(true)
    );
    for c in &PALETTE {
        out.push_str(&format!(
            ".chart .f{}{{fill:var(--c-{})}}\n",
            c.class, c.name
        ));
    }
    out
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours.
#[cfg(test)]
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).expect("a hex colour")
                as f64
                / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: &str = include_str!("../render/assets/style.css");

    #[test]
    fn every_meaning_has_its_own_colour_and_class() {
        for (i, c) in PALETTE.iter().enumerate() {
            assert_eq!(
                c.meaning as usize, i,
                "{} is in the order of Meaning",
                c.name
            );
        }
        for (i, a) in PALETTE.iter().enumerate() {
            for b in &PALETTE[i + 1..] {
                assert_ne!(a.class, b.class, "{} and {}", a.name, b.name);
                assert_ne!(a.light, b.light, "{} and {}", a.name, b.name);
                assert_ne!(a.dark, b.dark, "{} and {}", a.name, b.name);
            }
            for ink in [Paint::Axis, Paint::Reference, Paint::Hatch] {
                assert_ne!(a.class, ink.class(), "{} and {ink:?}", a.name);
            }
        }
    }

    #[test]
    fn every_colour_stands_3_to_1_against_the_page_in_both_schemes() {
        assert_eq!(contrast("#ffffff", "#000000").round(), 21.0);
        for c in &PALETTE {
            let (light, dark) = (
                contrast(c.light, BACKGROUND.0),
                contrast(c.dark, BACKGROUND.1),
            );
            assert!(light >= 3.0, "{} {}: {light:.2}", c.name, c.light);
            assert!(dark >= 3.0, "{} {}: {dark:.2}", c.name, c.dark);
        }
    }

    #[test]
    fn the_stylesheet_carries_the_palette_and_its_backgrounds() {
        assert!(
            STYLE.contains(&css()),
            "style.css must hold this block word for word:\n{}",
            css()
        );
        assert!(STYLE.contains(&format!("--bg: {};", BACKGROUND.0)));
        assert!(STYLE.contains(&format!("--bg: {};", BACKGROUND.1)));
    }

    #[test]
    fn the_docs_list_every_meaning_with_its_colours() {
        let docs = include_str!("../../docs/charts.md");
        for c in &PALETTE {
            assert!(
                docs.contains(c.light) && docs.contains(c.dark),
                "docs/charts.md names {} ({}, {})",
                c.name,
                c.light,
                c.dark
            );
        }
    }
}
