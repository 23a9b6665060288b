//! Markdown of newsletter issues to HTML, with CommonMark and the usual extensions.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders `markdown` as HTML. Raw HTML in the source is shown as text, not passed through:
/// issues are written as Markdown, and markup smuggled in must not reach every inbox.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
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
}
