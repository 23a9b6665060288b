//! Every page wears the one layout: the design system's stylesheets served from the binary
//! under fingerprinted names with a year's cache, no inline style anywhere (so the policy
//! needs no `unsafe-inline`), and the operator's logo and colour where set.

use scraper::{Html, Selector};

use crate::for_both_backends;
use crate::helpers::{Backend, Reply, TestApp, spawn_app_with};

for_both_backends!(
    link_pages_wear_the_layout_with_fingerprinted_stylesheets_cached_for_a_year,
    the_operators_logo_and_colour_reach_the_pages_without_inline_style,
);

fn select<'a>(page: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(selector).unwrap()).collect()
}

fn stylesheets(page: &Html) -> Vec<String> {
    select(page, "link[rel=stylesheet]")
        .iter()
        .map(|link| link.value().attr("href").unwrap().to_owned())
        .collect()
}

/// The page has no `<style>`, no `style` attribute and no script, and the policy allows
/// none of them.
fn assert_no_inline_style(reply: &Reply, page: &Html) {
    assert!(
        select(page, "style, [style], script").is_empty(),
        "{}",
        reply.text
    );
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("style-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
}

async fn link_pages_wear_the_layout_with_fingerprinted_stylesheets_cached_for_a_year(
    backend: Backend,
) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    let reply = app
        .get("/newsletter/confirm/no-such-token-0123456789")
        .await;
    assert_eq!(reply.status, 404);
    let page = Html::parse_document(&reply.text);
    assert_no_inline_style(&reply, &page);
    assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(select(&page, "html[lang=en]").len(), 1, "{}", reply.text);
    // Landmarks, a skip link to the main content, and one heading.
    assert_eq!(select(&page, "a[href='#main']").len(), 1);
    assert_eq!(select(&page, "header, main#main, footer").len(), 3);
    assert_eq!(select(&page, "h1").len(), 1);
    // A link page speaks its holder's language: no switcher, never indexed.
    assert!(select(&page, "nav").is_empty(), "{}", reply.text);
    assert_eq!(select(&page, "meta[name=robots][content=noindex]").len(), 1);

    let sheets = stylesheets(&page);
    assert_eq!(sheets.len(), 3, "{sheets:?}");
    assert!(
        sheets[0].starts_with("/assets/vendor/kern-ux/kern.min."),
        "{sheets:?}"
    );
    for sheet in &sheets {
        let (_, hash_and_extension) = sheet.rsplit_once('/').unwrap();
        let parts: Vec<_> = hash_and_extension.rsplitn(3, '.').collect();
        assert_eq!(parts[0], "css", "{sheet}");
        assert_eq!(parts[1].len(), 16, "{sheet}");
        assert!(parts[1].chars().all(|c| c.is_ascii_hexdigit()), "{sheet}");
        let served = app.get(sheet).await;
        assert_eq!(served.status, 200, "{sheet}");
        assert_eq!(served.headers["content-type"], "text/css; charset=utf-8");
        assert_eq!(
            served.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(served.headers["x-content-type-options"], "nosniff");
    }
    fonts_are_served_under_the_names_the_stylesheet_gives(&app, &sheets).await;

    // An old or made-up name is not served.
    let stale = sheets[0].replace("kern.min.", "kern.min.0000");
    assert_eq!(app.get(&stale).await.status, 404);
    assert_eq!(
        app.get("/assets/vendor/kern-ux/kern.min.css").await.status,
        404
    );
}

async fn fonts_are_served_under_the_names_the_stylesheet_gives(app: &TestApp, sheets: &[String]) {
    let fonts = sheets.iter().find(|s| s.contains("fira-sans")).unwrap();
    let css = app.get(fonts).await.text;
    let urls: Vec<&str> = css
        .split("url(\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(urls.len(), 10, "{css}");
    for url in urls {
        assert!(
            url.starts_with("/assets/vendor/kern-ux/fonts/fira-sans/"),
            "{url}"
        );
        let font = app.get(url).await;
        assert_eq!(font.status, 200, "{url}");
        assert_eq!(font.headers["content-type"], "font/woff2");
        assert_eq!(
            font.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
}

async fn the_operators_logo_and_colour_reach_the_pages_without_inline_style(backend: Backend) {
    let settings = [
        ("DIALOGO_PRIMARY_COLOUR", "#004B87".to_owned()),
        (
            "DIALOGO_LOGO_URL",
            "https://cdn.example.org/logo.svg".to_owned(),
        ),
        (
            "DIALOGO_MAIL_FROM",
            "Stadt Kiel <events@kiel.example>".to_owned(),
        ),
    ];
    let Some(app) = spawn_app_with(backend, &settings).await else {
        return;
    };
    let reply = app
        .send(
            app.client
                .get(app.url("/registrations/withdraw/no-such-token-0123456789"))
                .header("Accept-Language", "de"),
        )
        .await;
    let page = Html::parse_document(&reply.text);
    assert_no_inline_style(&reply, &page);
    assert_eq!(select(&page, "html[lang=de]").len(), 1);
    let logo = select(&page, "header img");
    assert_eq!(logo.len(), 1, "{}", reply.text);
    assert_eq!(
        logo[0].value().attr("src"),
        Some("https://cdn.example.org/logo.svg")
    );
    let header = select(&page, "header")[0].text().collect::<String>();
    assert!(header.contains("Stadt Kiel"), "{header}");
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("img-src 'self' https://cdn.example.org;"),
        "{policy}"
    );

    let sheets = stylesheets(&page);
    let theme = sheets.last().unwrap();
    assert!(theme.starts_with("/assets/theme."), "{sheets:?}");
    let css = app.get(theme).await;
    assert_eq!(css.status, 200);
    assert!(
        css.text.contains("--kern-color-action-default: #004b87;"),
        "{}",
        css.text
    );
}
