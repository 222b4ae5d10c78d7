//! Checks of YAML's raw text before parsing, linear in its size and building no value.
//!
//! **Aliases.** An alias (`*name`) repeats the node its anchor (`&name`) marks, and aliases of
//! aliases multiply: a plan of a few hundred kilobytes can expand to gigabytes when serde builds
//! its values. Plans, pages and config.yaml have no use for them. The scan follows the YAML
//! scanner's rules for where a token begins: outside quoted scalars, block scalars (`|`, `>`),
//! plain scalars (with their continuation lines) and comments. It errs on the side of finding
//! one: where it cannot tell (a `*` that starts a continuation line of a plain scalar inside
//! brackets), it reports an alias, and quoting the text settles it.
//!
//! **Duplicate keys.** A key given twice in one block mapping is reported at its second line
//! (serde sees a struct's duplicate only at the mapping's start, and a map keeps the last value
//! silently).
//!
//! **Paths.** The same walk knows, at every line, the block mappings and lists it is in: the
//! path of a line (`directions[0].measures[1].status`, [`path_at`]) names an error's place the
//! way serde does, counting the list items of the text as written.

/// A problem the raw text shows.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Alias,
    /// The key, as written.
    DuplicateKey(String),
}

/// A block collection open at a point of the text.
enum Frame {
    /// A mapping at its keys' column, with the keys seen so far (the last is the current one).
    Mapping(usize, Vec<String>),
    /// A list at its dashes' column, with the number of items seen so far.
    List(usize, usize),
}

impl Frame {
    fn col(&self) -> usize {
        match self {
            Frame::Mapping(c, _) | Frame::List(c, _) => *c,
        }
    }
}

/// The block collections open at a point of the text, outermost first.
type Frames = Vec<Frame>;

/// One step of a path into YAML: a mapping's key or a list's item (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path as serde writes it: `directions[0].measures[1].status`.
pub fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// What is still open at the end of a line.
#[derive(Clone, Copy)]
enum Open {
    Nothing,
    /// A quoted scalar, by its quote.
    Quote(char),
    /// A plain scalar that goes on in lines indented more than `parent` (any line in brackets).
    Plain {
        parent: usize,
    },
    /// A block scalar of the entry at column `parent`; `content` is its lines' indentation once
    /// known.
    Block {
        parent: usize,
        content: Option<usize>,
    },
}

/// Where a plain scalar stopped.
enum Stop {
    /// At `: `: it was a key.
    Key,
    /// At a bracket or comma inside brackets.
    Flow,
    /// At ` #`: the rest of the line is a comment.
    Comment,
    /// At the end of the line: it may go on in the next.
    Line,
}

/// The first problem of `text` and its position (line, column; 1-based, columns in characters).
pub fn scan(text: &str) -> Option<(usize, usize, Found)> {
    walk(text, usize::MAX).err()
}

/// The block path of `line` (1-based) of a text [`scan`] passes: the keys and list items that
/// hold the last entry begun on or before that line (its own key included). Flow collections
/// (`[a, b]`) are not entered.
pub fn path_at(text: &str, line: usize) -> Vec<Segment> {
    let frames = walk(text, line).unwrap_or_default();
    frames
        .iter()
        .filter_map(|f| match f {
            Frame::Mapping(_, keys) => keys.last().map(|k| Segment::Key(k.clone())),
            Frame::List(_, n) => Some(Segment::Index(n.saturating_sub(1))),
        })
        .collect()
}

/// Walks the lines of `text` up to line `until` (1-based, inclusive): the collections open
/// then, or the first problem with its position (line, column; 1-based, in characters).
fn walk(text: &str, until: usize) -> Result<Frames, (usize, usize, Found)> {
    let mut open = Open::Nothing;
    let mut flow = 0usize;
    let mut frames = Frames::new();
    for (number, line) in text.lines().enumerate().take(until) {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|&&c| c == ' ').count();
        let blank = chars[indent..].iter().all(|c| c.is_whitespace());
        let mut at = 0;
        let marker = chars.len() >= 3
            && matches!(chars[..3], ['-', '-', '-'] | ['.', '.', '.'])
            && chars.get(3).is_none_or(|c| c.is_whitespace());
        if marker {
            (open, flow, at) = (Open::Nothing, 0, 3);
            frames.clear();
        }
        match open {
            Open::Nothing => {}
            Open::Quote(q) => match close_quote(&chars, 0, q) {
                Some(end) => {
                    open = Open::Nothing;
                    at = end;
                }
                None => continue,
            },
            Open::Block { parent, content } => {
                if blank {
                    continue;
                }
                match content {
                    None if indent > parent => {
                        open = Open::Block {
                            parent,
                            content: Some(indent),
                        };
                        continue;
                    }
                    Some(c) if indent >= c => continue,
                    _ => open = Open::Nothing,
                }
            }
            Open::Plain { parent } => {
                if blank {
                    continue;
                }
                let first = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
                if chars[first] == '#' || (flow == 0 && indent <= parent) {
                    open = Open::Nothing;
                } else {
                    match plain(&chars, first, flow) {
                        (_, Stop::Line) => continue,
                        (end, _) => {
                            open = Open::Nothing;
                            at = end;
                        }
                    }
                }
            }
        }
        if at == 0 && chars.first() == Some(&'%') {
            continue; // a directive
        }
        match tokens(&chars, at, indent, &mut flow, &mut frames) {
            Ok(Some(next)) => open = next,
            Ok(None) => {}
            Err((col, found)) => return Err((number + 1, col + 1, found)),
        }
    }
    Ok(frames)
}

fn is_blank(c: Option<&char>) -> bool {
    c.is_none_or(|c| c.is_whitespace())
}

/// A key at column `col` of block mappings: the collections it closes are dropped (a list at
/// its own column too: `key:` above `- item` lines at the same column), and a key its mapping has
/// already seen is `Err`.
fn key(frames: &mut Frames, col: usize, key: String) -> Result<(), (usize, Found)> {
    close(frames, col);
    if matches!(frames.last(), Some(Frame::List(c, _)) if *c == col) {
        frames.pop();
    }
    match frames.last_mut() {
        Some(Frame::Mapping(c, keys)) if *c == col => {
            if keys.contains(&key) {
                return Err((col, Found::DuplicateKey(key)));
            }
            keys.push(key);
        }
        _ => frames.push(Frame::Mapping(col, vec![key])),
    }
    Ok(())
}

/// A list item (`- `) at column `col`: the collections it closes are dropped, and it is counted
/// in its list.
fn item(frames: &mut Frames, col: usize) {
    close(frames, col);
    match frames.last_mut() {
        Some(Frame::List(c, n)) if *c == col => *n += 1,
        _ => frames.push(Frame::List(col, 1)),
    }
}

/// Drops the collections indented past `col`.
fn close(frames: &mut Frames, col: usize) {
    while frames.last().is_some_and(|f| f.col() > col) {
        frames.pop();
    }
}

/// Goes through the tokens of one line from `at`; `Err` at a problem, else what the line leaves
/// open.
fn tokens(
    chars: &[char],
    mut at: usize,
    indent: usize,
    flow: &mut usize,
    frames: &mut Frames,
) -> Result<Option<Open>, (usize, Found)> {
    // The column of the entry (key or list item) that a value on this line belongs to.
    let mut entry = indent;
    while let Some(&c) = chars.get(at) {
        let next = chars.get(at + 1);
        match c {
            ' ' | '\t' | ',' => at += 1,
            '#' => break,
            '*' => return Err((at, Found::Alias)),
            '[' | '{' => {
                *flow += 1;
                at += 1;
            }
            ']' | '}' => {
                *flow = flow.saturating_sub(1);
                at += 1;
            }
            '-' | '?' | ':' if is_blank(next) || (c != '-' && *flow > 0) => {
                if c != ':' {
                    entry = at;
                }
                if c == '-' && *flow == 0 {
                    item(frames, at);
                }
                at += 1;
            }
            '&' | '!' => {
                while chars
                    .get(at)
                    .is_some_and(|c| !c.is_whitespace() && (*flow == 0 || !",[]{}".contains(*c)))
                {
                    at += 1;
                }
            }
            '|' | '>' if *flow == 0 => {
                let step = chars[at + 1..]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .find_map(|c| c.to_digit(10))
                    .filter(|&d| d > 0);
                return Ok(Some(Open::Block {
                    parent: entry,
                    content: step.map(|d| entry + d as usize),
                }));
            }
            '"' | '\'' => match close_quote(chars, at + 1, c) {
                Some(end) => {
                    let after = chars[end..].iter().find(|c| !c.is_whitespace());
                    if after == Some(&':') {
                        if *flow == 0 {
                            key(frames, at, chars[at + 1..end - 1].iter().collect())?;
                        }
                        entry = at;
                    }
                    at = end;
                }
                None => return Ok(Some(Open::Quote(c))),
            },
            _ => match plain(chars, at, *flow) {
                (end, Stop::Key) => {
                    if *flow == 0 {
                        let name: String = chars[at..end].iter().collect();
                        key(frames, at, name.trim_end().to_owned())?;
                    }
                    entry = at;
                    at = end;
                }
                (end, Stop::Flow) => at = end,
                (_, Stop::Comment) => break,
                (_, Stop::Line) => return Ok(Some(Open::Plain { parent: entry })),
            },
        }
    }
    Ok(None)
}

/// The end of a plain scalar that begins (or goes on) at `at`, and why it ended there.
fn plain(chars: &[char], mut at: usize, flow: usize) -> (usize, Stop) {
    while let Some(&c) = chars.get(at) {
        let next = chars.get(at + 1);
        if c == ':' && (is_blank(next) || flow > 0) {
            return (at, Stop::Key);
        }
        if flow > 0 && ",[]{}".contains(c) {
            return (at, Stop::Flow);
        }
        if c == '#' && at > 0 && chars[at - 1].is_whitespace() {
            return (at, Stop::Comment);
        }
        at += 1;
    }
    (at, Stop::Line)
}

/// The index after the quote `q` that closes a scalar going on from `at`; `None` when it goes on
/// past the line. `\"` in double quotes and `''` in single quotes are no closing quote.
fn close_quote(chars: &[char], mut at: usize, q: char) -> Option<usize> {
    while let Some(&c) = chars.get(at) {
        match c {
            '\\' if q == '"' => at += 2,
            '\'' if q == '\'' && chars.get(at + 1) == Some(&'\'') => at += 2,
            c if c == q => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{path_at, render, scan, Found};

    fn first_alias(text: &str) -> Option<(usize, usize)> {
        match scan(text) {
            Some((line, col, Found::Alias)) => Some((line, col)),
            Some(other) => panic!("{other:?} in {text}"),
            None => None,
        }
    }

    #[test]
    fn finds_an_alias_wherever_a_token_may_begin() {
        assert_eq!(first_alias("a: &m x\nb:\n  - *m\n"), Some((3, 5)));
        assert_eq!(first_alias("a: [x, *m]\n"), Some((1, 8)));
        assert_eq!(first_alias("a: {k: *m}\n"), Some((1, 8)));
        assert_eq!(first_alias("<<: *base\n"), Some((1, 5)));
        assert_eq!(first_alias("--- *m\n"), Some((1, 5)));
        // After a quoted scalar spanning lines, after a block scalar, after a plain value.
        assert_eq!(first_alias("a: \"x\n  y\"\nb: *m\n"), Some((3, 4)));
        assert_eq!(first_alias("a: |\n  *text\nb: *m\n"), Some((3, 4)));
        assert_eq!(first_alias("a: x\nb: *m\n"), Some((2, 4)));
        // An apostrophe inside a plain scalar opens no quote.
        assert_eq!(first_alias("a: it's\nb: *m\n"), Some((2, 4)));
        // A block scalar of a quoted key ends where its first line is not indented past the key.
        assert_eq!(first_alias("- \"k\": |\n  o: *m\n"), Some((2, 6)));
        // A line less indented than a block scalar's first line ends it.
        assert_eq!(first_alias("- t: |\n      x\n    *m\n"), Some((3, 5)));
        // Lines of brackets.
        assert_eq!(first_alias("a: [x,\n  *m]\n"), Some((2, 3)));
    }

    #[test]
    fn a_star_inside_text_is_no_alias() {
        for text in [
            "a: 2 * 3\n",
            "a: \"*m\"\nb: '*m'\nc: 'it''s *m'\n",
            "a: |\n  *выделено*\n  - *m\nb: >-\n   *m\n",
            "a: текст\n  *продолжение* строки\nb: x\n",
            "a: x # *m\n# *m\n",
            "- text: x\n  note: |\n    **жирный**\n",
            "a: \"x \\\" *m\"\n",
        ] {
            assert_eq!(first_alias(text), None, "{text}");
        }
        let plan = include_str!("../starter/plan.yaml");
        assert_eq!(first_alias(plan), None);
    }

    #[test]
    fn a_key_given_twice_in_one_mapping_is_found_at_its_second_line() {
        let twice = |key: &str| Some(Found::DuplicateKey(key.to_owned()));
        let found = |text: &str| scan(text).map(|(l, c, f)| (l, c, Some(f)));
        assert_eq!(found("a: 1\nb: 2\na: 3\n"), Some((3, 1, twice("a"))));
        assert_eq!(
            found("s:\n  ma: x\n  \"ma\": y\n"),
            Some((3, 3, twice("ma")))
        );
        assert_eq!(found("- a: 1\n  b: 2\n  b: 3\n"), Some((3, 3, twice("b"))));
        // The same key in different mappings is no duplicate.
        for text in [
            "a:\n  x: 1\nb:\n  x: 2\n",
            "- a: 1\n- a: 2\n",
            "k:\n- a: 1\n  b: 1\n- a: 2\n",
            "l:\n  - t: x\n    m:\n      - t: y\n  - t: z\n",
            "a: 1\n---\na: 2\n",
            "a: |\n  a: 2\n",
        ] {
            assert_eq!(scan(text), None, "{text}");
        }
    }

    #[test]
    fn the_path_of_a_line_counts_the_list_items_as_written() {
        let plan = "org: s\ndirections:\n  - title: a\n    measures:\n      - text: x\n        due: 1\n      - text: y\n        note: |\n          a: b\n          - c\n        status: z\n  - title: b\nother:\n- v\n- w: 1\n";
        let at = |line| render(&path_at(plan, line));
        assert_eq!(at(1), "org");
        assert_eq!(at(3), "directions[0].title");
        assert_eq!(at(6), "directions[0].measures[0].due");
        assert_eq!(at(7), "directions[0].measures[1].text");
        // Lines of a block scalar are its key's; the key after it is the item's.
        assert_eq!(at(10), "directions[0].measures[1].note");
        assert_eq!(at(11), "directions[0].measures[1].status");
        assert_eq!(at(12), "directions[1].title");
        // A list at its key's column belongs to the key, and a key at that column ends it.
        assert_eq!(at(14), "other[0]");
        assert_eq!(at(15), "other[1].w");
        assert_eq!(at(0), "");
    }

    proptest::proptest! {
        #[test]
        fn any_text_has_a_path_at_any_line_without_a_panic(text in "[ -~\n\t]{0,300}", line in 0usize..20) {
            let _ = path_at(&text, line);
        }

        #[test]
        fn any_text_is_scanned_to_its_end_without_a_panic(text in "[ -~\n\t]{0,300}") {
            let _ = scan(&text);
        }

        /// Where the scan finds no alias, the YAML parser meets none: a text it accepts stays
        /// accepted with every anchor renamed (an alias would then name an unknown anchor).
        #[test]
        fn text_the_scan_passes_holds_no_alias(parts in proptest::collection::vec(
            proptest::sample::select(&[
                "a", "b", "a:", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", ", ", "\n", "  ",
                "'", "\"", " #", "|", ">", "?", "x*a",
            ][..]),
            0..24,
        )) {
            let text = parts.concat();
            let passes = scan(&text).is_none_or(|(_, _, f)| f != Found::Alias);
            if passes && serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok() {
                let renamed = text.replace('&', "&zz");
                let parsed = serde_yaml::from_str::<serde_yaml::Value>(&renamed);
                proptest::prop_assert!(parsed.is_ok(), "{:?}: {:?}", text, parsed);
            }
        }
    }
}
