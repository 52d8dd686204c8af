//! promotion: see the module's issue; not written yet.

use crate::error::CodeDoc;

/// Error codes this layer can produce (part of the public table in docs/errors.md).
pub const CODES: &[CodeDoc] = &[];
