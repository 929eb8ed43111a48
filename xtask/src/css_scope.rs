//! Build-time CSS scoping: a remote's stylesheet is wrapped in
//! `@scope ([data-mf-remote="<name>"]) to ([data-mf-remote])`, so its rules reach
//! only the elements inside its own mount points (not the shell, not another
//! remote's slot nested in it), whatever its selectors say: two teams' `.button`
//! rules cannot collide. Rules that cannot be scoped, or mean nothing inside a
//! scope (`@keyframes`, `@font-face`, `@property`, and statements such as
//! `@import …;`, `@charset …;` or `@layer a, b;`), stay outside, in their
//! order; keyframe names are global, so a remote should prefix its own
//! (`auth-spin`).

/// The block at-rules kept outside the scope.
const UNSCOPED: [&str; 4] = ["@keyframes", "@-webkit-keyframes", "@font-face", "@property"];

/// `css` (a remote's stylesheet) with its rules scoped to `remote`'s mount points.
pub(crate) fn scope(remote: &str, css: &str) -> Result<String, String> {
    let mut outside = String::new();
    let mut inside = String::new();
    for rule in top_level_rules(css)? {
        let head = rule.trim_start();
        let statement = head.starts_with('@') && head.trim_end().ends_with(';');
        let unscoped = statement
            || UNSCOPED.iter().any(|at| {
                head.len() >= at.len()
                    && head[..at.len()].eq_ignore_ascii_case(at)
                    && !is_name_char(head[at.len()..].chars().next())
            });
        let (target, rule) = if unscoped { (&mut outside, head) } else { (&mut inside, rule.trim()) };
        if !rule.is_empty() {
            target.push_str(rule);
            target.push('\n');
        }
    }
    let mut scoped = outside;
    if !inside.is_empty() {
        scoped.push_str(&format!("@scope ([data-mf-remote=\"{remote}\"]) to ([data-mf-remote]) {{\n{inside}}}\n"));
    }
    Ok(scoped)
}

/// `css` without its comments (they ship otherwise), one top-level rule a line.
pub(crate) fn without_comments(css: &str) -> Result<String, String> {
    Ok(top_level_rules(css)?.iter().map(|rule| format!("{}\n", rule.trim())).collect())
}

/// `css` (comments already dropped) without the whitespace it does not need:
/// runs of it become one space, none around `{`, `}`, `;` and `,` or after
/// `:`, and no `;` before a `}`; strings stay as written, and each top-level
/// rule keeps its own line. About a tenth of a stylesheet's brotli bytes.
pub(crate) fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let (mut depth, mut chars) = (0usize, css.chars().peekable());
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            let mut newline = c == '\n';
            while let Some(next) = chars.next_if(|n| n.is_whitespace()) {
                newline |= next == '\n';
            }
            let before = out.chars().last();
            let after = chars.peek().copied();
            if depth == 0 && newline && matches!(before, Some('}' | ';')) {
                out.push('\n');
            } else if !(before.is_none_or(|b| tight(b) || b == ':' || b == '\n') || after.is_none_or(tight)) {
                out.push(' ');
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                out.push(c);
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == '\\' {
                        out.extend(chars.next());
                    } else if inner == c {
                        break;
                    }
                }
                continue;
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if out.ends_with(';') {
                    out.pop();
                }
            }
            _ => {}
        }
        out.push(c);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn is_name_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The top-level rules of `css`, comments dropped: each `selector { … }`,
/// `@media … { … }` or `@import …;` as written. Strings and nested blocks are
/// followed, so a `}` inside `content: "}"` does not end a rule.
fn top_level_rules(css: &str) -> Result<Vec<String>, String> {
    let mut rules = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut chars = css.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                loop {
                    match chars.next() {
                        Some('/') if previous == '*' => break,
                        Some(c) => {
                            line += usize::from(c == '\n');
                            previous = c;
                        }
                        None => return Err(format!("line {line}: a comment is never closed (`*/`)")),
                    }
                }
                continue;
            }
            '"' | '\'' => {
                current.push(c);
                loop {
                    match chars.next() {
                        Some('\\') => {
                            current.push('\\');
                            if let Some(escaped) = chars.next() {
                                current.push(escaped);
                            }
                        }
                        Some(q) if q == c => break,
                        Some('\n') | None => return Err(format!("line {line}: a string is never closed")),
                        Some(other) => current.push(other),
                    }
                }
                current.push(c);
                continue;
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1).ok_or_else(|| format!("line {line}: a `}}` closes nothing"))?;
            }
            _ => {}
        }
        current.push(c);
        if depth == 0 && (c == '}' || c == ';') {
            rules.push(std::mem::take(&mut current));
        }
    }
    if depth > 0 {
        return Err(format!("a block is never closed ({depth} `{{` left open at the end)"));
    }
    if !current.trim().is_empty() {
        return Err(format!("the stylesheet ends inside a rule: `{}`", current.trim()));
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_go_inside_the_remotes_scope_and_global_at_rules_stay_outside() {
        let css = "/* auth */\n@import url(x.css);\n.button { color: red; }\n@media (min-width: 40rem) { .button { padding: 1rem; } }\n\
                   @keyframes auth-spin { to { transform: rotate(1turn); } }\n.note::after { content: \"}\"; }\n";
        let scoped = scope("auth", css).unwrap();
        assert_eq!(
            scoped,
            "@import url(x.css);\n@keyframes auth-spin { to { transform: rotate(1turn); } }\n\
             @scope ([data-mf-remote=\"auth\"]) to ([data-mf-remote]) {\n.button { color: red; }\n\
             @media (min-width: 40rem) { .button { padding: 1rem; } }\n.note::after { content: \"}\"; }\n}\n"
        );
        assert!(!scoped.contains("/* auth */"), "comments dropped");
    }

    #[test]
    fn compact_drops_the_whitespace_css_does_not_need_and_keeps_strings_and_selectors() {
        let css = ":root {\n  --a: 1rem;  --b: 2px 3px;\n}\n.note > a:hover ,\n.x .y::after {\n  content: \"a  ;  b\";\n  margin: calc(1px + 2px);\n}\n\
                   @media (min-width: 40rem) {\n  .x { padding: 1rem; }\n}\n";
        assert_eq!(
            compact(css),
            ":root{--a:1rem;--b:2px 3px}\n.note > a:hover,.x .y::after{content:\"a  ;  b\";margin:calc(1px + 2px)}\n\
             @media (min-width:40rem){.x{padding:1rem}}\n"
        );
        assert_eq!(compact("  \n"), "");
        let scoped =
            compact(&scope("auth", "@keyframes auth-spin { to { opacity: 0; } }\n.b { color: red; }").unwrap());
        assert_eq!(
            scoped,
            "@keyframes auth-spin{to{opacity:0}}\n@scope ([data-mf-remote=\"auth\"]) to ([data-mf-remote]){.b{color:red}}\n"
        );
    }

    #[test]
    fn a_stylesheet_with_only_global_rules_gets_no_empty_scope() {
        assert_eq!(
            scope("x", "@font-face { font-family: A; src: url(a.woff2); }").unwrap(),
            "@font-face { font-family: A; src: url(a.woff2); }\n"
        );
        assert_eq!(scope("x", "  \n").unwrap(), "");
        // Statements stay outside; blocks are scoped, and so is a name that only starts like a global one.
        assert_eq!(scope("x", "@layer a, b;").unwrap(), "@layer a, b;\n");
        assert!(scope("x", "@layer a { .b { c: d } }").unwrap().starts_with("@scope"));
        assert!(scope("x", "@font-faces { a { b: c } }").unwrap().starts_with("@scope"));
    }

    #[test]
    fn comments_are_dropped_and_rules_kept() {
        assert_eq!(
            without_comments("/* a */\n:root { --x: 1; } /* b */\n.y { /* c */ color: red; }\n").unwrap(),
            ":root { --x: 1; }\n.y {  color: red; }\n"
        );
    }

    #[test]
    fn broken_stylesheets_are_refused_with_the_place() {
        assert_eq!(scope("x", ".a { color: red;").unwrap_err(), "a block is never closed (1 `{` left open at the end)");
        assert_eq!(scope("x", ".a { }\n}").unwrap_err(), "line 2: a `}` closes nothing");
        assert_eq!(scope("x", "/* open").unwrap_err(), "line 1: a comment is never closed (`*/`)");
        assert_eq!(scope("x", ".a::after { content: \"x }\n").unwrap_err(), "line 1: a string is never closed");
        assert_eq!(scope("x", ".a { } .b").unwrap_err(), "the stylesheet ends inside a rule: `.b`");
    }
}
