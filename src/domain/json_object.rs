//! Nested input objects taken from JSON objects only.
//!
//! serde's derived structs also accept an array, filling their fields by position, so
//! `"venue": [null, null]` would pass for a venue; the API's document allows objects only.
//! Fields holding input structs use these with `#[serde(default, deserialize_with = …)]`.

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::Deserialize as _;
use serde_json::{Map, Value};

/// One object, or `null` (or absent, with `#[serde(default)]`).
pub fn optional_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Option::<Map<String, Value>>::deserialize(deserializer)?
        .map(from_object::<D, T>)
        .transpose()
}

/// An array of objects.
pub fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Vec::<Map<String, Value>>::deserialize(deserializer)?
        .into_iter()
        .map(from_object::<D, T>)
        .collect()
}

/// An array of objects, or `null` (or absent, with `#[serde(default)]`).
pub fn optional_objects<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Option::<Vec<Map<String, Value>>>::deserialize(deserializer)?
        .map(|items| items.into_iter().map(from_object::<D, T>).collect())
        .transpose()
}

/// `T` from one object; an error keeps serde's message (so an unknown field still reads
/// "unknown field …") and names where inside the object it was.
fn from_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    object: Map<String, Value>,
) -> Result<T, D::Error> {
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner();
        if path == "." {
            D::Error::custom(message)
        } else {
            D::Error::custom(format!("{message} (at {path})"))
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Place {
        city: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        #[serde(default, deserialize_with = "super::optional_object")]
        place: Option<Place>,
        #[serde(default, deserialize_with = "super::objects")]
        stops: Vec<Place>,
        #[serde(default, deserialize_with = "super::optional_objects")]
        others: Option<Vec<Place>>,
    }

    fn parse(json: &str) -> Result<Input, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn objects_pass_and_arrays_in_their_place_do_not() {
        let input = parse(r#"{"place": {"city": "Tbilisi"}, "stops": [{"city": null}]}"#).unwrap();
        assert_eq!(input.place.unwrap().city.as_deref(), Some("Tbilisi"));
        assert_eq!(input.stops, [Place { city: None }]);
        assert!(input.others.is_none());
        assert!(parse(r#"{"place": null, "others": null}"#).is_ok());
        for bad in [
            r#"{"place": [null]}"#,
            r#"{"stops": [[null]]}"#,
            r#"{"others": [["Tbilisi"]]}"#,
            r#"{"stops": null}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad} was accepted");
        }
        let unknown = parse(r#"{"stops": [{"town": "Kutaisi"}]}"#).unwrap_err();
        assert!(unknown.starts_with("unknown field `town`"), "{unknown}");
    }
}
