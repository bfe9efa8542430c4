//! Text → spanned document → typed model, with every problem located.

pub(crate) mod codes;
