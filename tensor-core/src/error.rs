//! The one error type of the project. Every failure a user can cause (bad shapes, a dtype an
//! op does not take, a backend that cannot do an op, a plugin that does not load) is a
//! variant with structured fields, so callers can match on it and messages name everything
//! needed to act on them.

use crate::DType;

/// Result alias used throughout the project.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, across the plugin boundary too (see [`ErrorCode`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Error {
    /// Two shapes that had to agree (or broadcast) do not.
    #[error("shape mismatch in {op}: {lhs:?} vs {rhs:?}")]
    ShapeMismatch {
        /// The operation.
        op: String,
        /// First shape.
        lhs: Vec<usize>,
        /// Second shape.
        rhs: Vec<usize>,
    },
    /// A shape, axis, slice or layout argument is invalid.
    #[error("invalid argument to {op}: {msg}")]
    InvalidArgument {
        /// The operation.
        op: String,
        /// What is wrong.
        msg: String,
    },
    /// The operation is not defined for this dtype (independent of the backend).
    #[error("{op} is not defined for dtype {dtype}")]
    DType {
        /// The operation.
        op: String,
        /// The offending dtype.
        dtype: DType,
    },
    /// The backend cannot do this op on this dtype.
    #[error("{op} on {dtype} is not supported by backend {backend}")]
    Unsupported {
        /// The operation.
        op: String,
        /// The dtype asked for.
        dtype: DType,
        /// The backend's name.
        backend: String,
    },
    /// Operands live on different devices; move one with `Tensor::to`.
    #[error(
        "{op}: operands live on different devices ({lhs} vs {rhs}); move one with .to(&device)"
    )]
    BackendMismatch {
        /// The operation.
        op: String,
        /// Device of the first operand.
        lhs: String,
        /// Device of the second operand.
        rhs: String,
    },
    /// The device could not allocate.
    #[error("out of memory on {backend}: {bytes} bytes requested{}", in_parens(.detail))]
    OutOfMemory {
        /// The backend's name.
        backend: String,
        /// Bytes requested.
        bytes: usize,
        /// What ran out, when the backend knows: the device limit the request exceeds
        /// (`CL_DEVICE_MAX_MEM_ALLOC_SIZE = 8589934592 bytes`), or the call that failed.
        /// Absent from the JSON of plugins built before it existed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
    },
    /// A plugin could not be found, loaded or accepted.
    #[error("cannot load backend '{backend}': {reason}")]
    PluginLoad {
        /// The name or path asked for.
        backend: String,
        /// Why, including every path tried.
        reason: String,
    },
    /// The backend loaded but has no usable device (no driver, no GPU, ...).
    #[error("backend {backend} unavailable: {reason}")]
    Unavailable {
        /// The backend's name.
        backend: String,
        /// Why.
        reason: String,
    },
    /// A backend reported an internal failure (driver error, kernel build log, panic).
    #[error("backend {backend} failed: {msg}")]
    Backend {
        /// The backend's name.
        backend: String,
        /// The backend's message.
        msg: String,
    },
    /// Reading or writing a file failed.
    #[error("I/O error on {path}: {msg}")]
    Io {
        /// The file.
        path: String,
        /// The OS or format message.
        msg: String,
    },
}

/// ` (detail)`, or nothing.
fn in_parens(detail: &Option<String>) -> String {
    detail.as_ref().map_or(String::new(), |d| format!(" ({d})"))
}

impl Error {
    /// Shorthand for [`Error::OutOfMemory`] with no detail.
    pub fn out_of_memory(backend: impl Into<String>, bytes: usize) -> Self {
        Error::OutOfMemory {
            backend: backend.into(),
            bytes,
            detail: None,
        }
    }

    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(op: impl Into<String>, msg: impl Into<String>) -> Self {
        Error::InvalidArgument {
            op: op.into(),
            msg: msg.into(),
        }
    }

    /// Shorthand for [`Error::ShapeMismatch`].
    pub fn shapes(op: impl Into<String>, lhs: &[usize], rhs: &[usize]) -> Self {
        Error::ShapeMismatch {
            op: op.into(),
            lhs: lhs.to_vec(),
            rhs: rhs.to_vec(),
        }
    }

    /// Shorthand for [`Error::Unsupported`].
    pub fn unsupported(
        op: impl std::fmt::Display,
        dtype: DType,
        backend: impl Into<String>,
    ) -> Self {
        Error::Unsupported {
            op: op.to_string(),
            dtype,
            backend: backend.into(),
        }
    }

    /// The ABI code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::ShapeMismatch { .. } => ErrorCode::ShapeMismatch,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::DType { .. } => ErrorCode::DType,
            Error::Unsupported { .. } => ErrorCode::Unsupported,
            Error::BackendMismatch { .. } => ErrorCode::BackendMismatch,
            Error::OutOfMemory { .. } => ErrorCode::OutOfMemory,
            Error::PluginLoad { .. } => ErrorCode::PluginLoad,
            Error::Unavailable { .. } => ErrorCode::Unavailable,
            Error::Backend { .. } => ErrorCode::Backend,
            Error::Io { .. } => ErrorCode::Io,
        }
    }
}

/// Error kinds as they cross the C ABI (`u32`, values are stable).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// See [`Error::ShapeMismatch`].
    ShapeMismatch = 1,
    /// See [`Error::InvalidArgument`].
    InvalidArgument = 2,
    /// See [`Error::DType`].
    DType = 3,
    /// See [`Error::Unsupported`].
    Unsupported = 4,
    /// See [`Error::BackendMismatch`].
    BackendMismatch = 5,
    /// See [`Error::OutOfMemory`].
    OutOfMemory = 6,
    /// See [`Error::PluginLoad`].
    PluginLoad = 7,
    /// See [`Error::Unavailable`].
    Unavailable = 8,
    /// See [`Error::Backend`].
    Backend = 9,
    /// See [`Error::Io`].
    Io = 10,
    /// A panic was caught at the plugin boundary.
    Panic = 11,
}

impl ErrorCode {
    /// Decodes an ABI value; unknown values (from a newer plugin) map to `Backend`.
    pub fn from_u32(v: u32) -> ErrorCode {
        use ErrorCode::*;
        [
            ShapeMismatch,
            InvalidArgument,
            DType,
            Unsupported,
            BackendMismatch,
            OutOfMemory,
            PluginLoad,
            Unavailable,
            Backend,
            Io,
            Panic,
        ]
        .into_iter()
        .find(|c| *c as u32 == v)
        .unwrap_or(Backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_memory_detail_is_optional_in_json_and_shown_in_parentheses() {
        // A plugin built before `detail` existed sends no such field.
        let old: Error =
            serde_json::from_str(r#"{"OutOfMemory":{"backend":"x","bytes":8}}"#).unwrap();
        assert_eq!(old, Error::out_of_memory("x", 8));
        assert_eq!(old.to_string(), "out of memory on x: 8 bytes requested");
        let json = serde_json::to_string(&old).unwrap();
        assert!(!json.contains("detail"), "{json}");
        let new = Error::OutOfMemory {
            backend: "x".into(),
            bytes: 8,
            detail: Some("limit 4 bytes".into()),
        };
        let back: Error = serde_json::from_str(&serde_json::to_string(&new).unwrap()).unwrap();
        assert_eq!(back, new);
        assert_eq!(
            new.to_string(),
            "out of memory on x: 8 bytes requested (limit 4 bytes)"
        );
    }
}
