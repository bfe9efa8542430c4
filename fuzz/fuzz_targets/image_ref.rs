//! Any string as an image reference: parsing never panics, spans stay
//! inside the input, and what parses re-joins to the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runner_config::image::{ImageRef, Part};

fuzz_target!(|input: &str| {
    match ImageRef::parse(input) {
        Ok(image) => {
            assert_eq!(image.as_str(), input);
            for part in [Part::Domain, Part::Port, Part::Path, Part::Tag, Part::Digest] {
                if let Some(span) = image.span_of(part) {
                    assert!(span.start <= span.end && span.end <= input.len());
                }
            }
        }
        Err(err) => {
            let span = err.span();
            assert!(span.start <= span.end && span.end <= input.len());
        }
    }
});
