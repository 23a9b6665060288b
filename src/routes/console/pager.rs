//! Paging of the console's lists: a page holds `limit` rows and links the next by the cursor
//! of its last row, keeping the filters it was asked with.

use crate::db::Cursor;

/// The rows of one page and the links to the others.
pub struct Page<T> {
    pub rows: Vec<T>,
    pub links: PageLinks,
}

/// The links of a page to the next (if there is one) and back to the first (if it is not).
#[derive(Debug, Default)]
pub struct PageLinks {
    pub next: Option<String>,
    pub first: Option<String>,
}

/// Cuts `rows` (asked for with `limit + 1`, so that one more row tells that a next page
/// exists) to `limit` and links the next page of `path` with `filters` and the last row's
/// cursor (`cursor_of`); `after` is the cursor this page was asked with.
pub fn page<T>(
    mut rows: Vec<T>,
    limit: usize,
    path: &str,
    filters: &[(&str, &str)],
    after: Option<&Cursor>,
    cursor_of: impl Fn(&T) -> Cursor,
) -> Page<T> {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = more
        .then(|| {
            rows.last()
                .map(|last| href(path, filters, Some(&cursor_of(last))))
        })
        .flatten();
    let first = after.map(|_| href(path, filters, None));
    Page {
        rows,
        links: PageLinks { next, first },
    }
}

/// `path` with the `filters` that are not empty and `cursor`, as a query.
pub fn href(path: &str, filters: &[(&str, &str)], cursor: Option<&Cursor>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in filters.iter().filter(|(_, value)| !value.is_empty()) {
        query.append_pair(key, value);
    }
    if let Some(cursor) = cursor {
        query.append_pair("cursor", &cursor.encode());
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(n: &i64) -> Cursor {
        Cursor::new(
            chrono::DateTime::from_timestamp(*n, 0).unwrap().naive_utc(),
            &uuid::Uuid::from_u128(*n as u128).to_string(),
        )
    }

    #[test]
    fn a_page_links_the_next_only_when_there_is_one() {
        let full = page(
            vec![1, 2, 3],
            2,
            "/console/x",
            &[("status", "sent")],
            None,
            cursor,
        );
        assert_eq!(full.rows, [1, 2]);
        assert_eq!(full.links.first, None);
        let next = full.links.next.unwrap();
        assert!(next.starts_with("/console/x?status=sent&cursor="), "{next}");
        let decoded = next.split("cursor=").nth(1).unwrap();
        let decoded = url::form_urlencoded::parse(format!("c={decoded}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned();
        assert_eq!(Cursor::decode(&decoded), Some(cursor(&2)));
        let after = cursor(&2);
        let last = page(
            vec![3],
            2,
            "/console/x",
            &[("status", "")],
            Some(&after),
            cursor,
        );
        assert_eq!(last.links.next, None);
        assert_eq!(last.links.first.as_deref(), Some("/console/x"));
        assert_eq!(href("/console/x", &[("status", "")], None), "/console/x");
    }
}
