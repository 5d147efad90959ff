//! What a page loads through a server function, carried in the page to the browser
//! as JSON and read back there from its bytes, as server functions' answers are:
//! with Leptos's default (JSON read from text) every answer type's decoder was in
//! the bundle twice, once per kind of reader.

use std::future::Future;

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// JSON written as text and read from its bytes.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's data: loaded by `fetcher` on the server, read from the page in the
/// browser, loaded again whenever `source` changes.
pub type Loaded<T> = Resource<T, JsonBytes>;

/// [`Resource::new`] with [`JsonBytes`].
#[track_caller]
pub fn loaded<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_as_text_reads_back_from_its_bytes() {
        let value: Result<Vec<(String, u32)>, String> = Ok(vec![("“Quoted” \\ é".into(), 7)]);
        let text = <JsonBytes as Encoder<_>>::encode(&value).unwrap();
        let read: Result<Vec<(String, u32)>, String> =
            <JsonBytes as Decoder<_>>::decode(text.as_str()).unwrap();
        assert_eq!(read, value);
        assert!(<JsonBytes as Decoder<Vec<u32>>>::decode("[1,").is_err());
    }
}
