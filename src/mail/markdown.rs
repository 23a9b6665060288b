//! Markdown of newsletter issues to HTML, with CommonMark and the usual extensions.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Link targets an issue may have; anything else (`javascript:`, `data:`, `file:`, relative
/// paths that lead nowhere in a mail) is left out and its text kept.
const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];
/// Images only from the web.
const IMAGE_SCHEMES: [&str; 2] = ["http", "https"];

fn allowed(url: &str, schemes: &[&str]) -> bool {
    url::Url::parse(url.trim()).is_ok_and(|url| schemes.contains(&url.scheme()))
}

/// Renders `markdown` as HTML. Raw HTML in the source is shown as text, not passed through:
/// issues are written as Markdown, and markup smuggled in must not reach every inbox. Links
/// go to http, https and mailto targets only, images come from http(s) only; any other link
/// keeps its text without the link, any other image its description.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    // For each link or image open: whether it was kept (its end is kept too).
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = allowed(dest_url, &LINK_SCHEMES);
            open.push(keep);
            keep.then_some(event)
        }
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let keep = allowed(dest_url, &IMAGE_SCHEMES);
            open.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => open.pop().unwrap_or(true).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_and_raw_html_stays_text() {
        let html =
            to_html("# Agenda\n\n*Digital* [dialogue](https://example.org)\n\n<script>x</script>");
        assert!(html.contains("<h1>Agenda</h1>"), "{html}");
        assert!(html.contains("<em>Digital</em>"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org\">dialogue</a>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let html = to_html(
            "[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) \
             [c]( JAVASCRIPT:alert(2)) [d](file:///etc/passwd) [e](/relative) \
             <javascript:alert(3)> [f][ref] ![g](data:image/png;base64,AAAA) \
             ![h](javascript:x) [*i* ![j](https://example.org/j.png)](vbscript:x)\n\n\
             [ref]: javascript:alert(4)\n\n\
             [k](https://example.org/k) [l](http://example.org/l) [m](mailto:info@example.org) \
             <https://example.org/n> ![o](https://example.org/o.png)",
        );
        // Every target left is an allowed one; a refused autolink stays as plain text.
        let parts: Vec<&str> = html.split('"').collect();
        let targets: Vec<&str> = parts
            .windows(2)
            .filter(|w| w[0].ends_with("href=") || w[0].ends_with("src="))
            .map(|w| w[1])
            .collect();
        assert_eq!(targets.len(), 6, "{targets:?}");
        for target in targets {
            let allowed = ["https://", "http://", "mailto:"];
            assert!(allowed.iter().any(|s| target.starts_with(s)), "{target}");
        }
        for bad in ["JAVASCRIPT", "data:", "file:", "/relative", "vbscript"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        // The text of a refused link or image stays.
        for text in ["<p>a b c d e ", "<em>i</em>"] {
            assert!(html.contains(text), "{text} in {html}");
        }
        for good in [
            "<a href=\"https://example.org/k\">k</a>",
            "<a href=\"http://example.org/l\">l</a>",
            "<a href=\"mailto:info@example.org\">m</a>",
            "<a href=\"https://example.org/n\">",
            "<img src=\"https://example.org/o.png\" alt=\"o\" />",
            "<img src=\"https://example.org/j.png\" alt=\"j\" />",
        ] {
            assert!(html.contains(good), "{good} in {html}");
        }
    }
}
