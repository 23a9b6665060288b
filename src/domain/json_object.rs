//! Nested input objects taken from JSON objects only.
//!
//! serde's derived structs also accept an array, filling their fields by position, so
//! `"venue": [null, null]` would pass for a venue; the API's document allows objects only.
//! Fields holding input structs use these with `#[serde(default, deserialize_with = …)]`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};

/// One object, or `null` (or absent, with `#[serde(default)]`).
pub fn optional_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Object<T>>::deserialize(deserializer)?.map(|o| o.0))
}

/// An array of objects.
pub fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Vec::<Object<T>>::deserialize(deserializer)?;
    Ok(items.into_iter().map(|o| o.0).collect())
}

/// An array of objects, or `null` (or absent, with `#[serde(default)]`).
pub fn optional_objects<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Option::<Vec<Object<T>>>::deserialize(deserializer)?;
    Ok(items.map(|items| items.into_iter().map(|o| o.0).collect()))
}

/// `T` read from an object only. It reads the object's entries as they come rather than
/// through a copy, so an error inside still names its path (`venue.floor`).
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
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
        let array = parse(r#"{"place": ["Tbilisi"]}"#).unwrap_err();
        assert!(
            array.starts_with("invalid type: sequence, expected an object"),
            "{array}"
        );
        let path = serde_path_to_error::deserialize::<_, Input>(
            &mut serde_json::Deserializer::from_str(r#"{"stops": [{}, {"town": 1}]}"#),
        )
        .unwrap_err();
        assert_eq!(path.path().to_string(), "stops[1].town");
    }
}
