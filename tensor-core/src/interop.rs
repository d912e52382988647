//! Conversion between [`Tensor`] and [`ndarray`] arrays.
//!
//! Both directions copy through the host (one upload or one download). Element types must
//! match the tensor's dtype exactly: no implicit casts; use [`Tensor::cast`] first.
//!
//! ```no_run
//! # use tensor_core::{Device, Tensor};
//! # let dev = Device::from_env()?;
//! let a = ndarray::arr2(&[[1.0f32, 2.0], [3.0, 4.0]]);
//! let t = Tensor::from_ndarray(&dev, &a.t())?; // any memory layout
//! assert_eq!(t.to_vec::<f32>()?, vec![1.0, 3.0, 2.0, 4.0]);
//! let back = t.to_ndarray::<f32>()?;
//! assert_eq!(back, a.t().into_dyn());
//! # Ok::<(), tensor_core::Error>(())
//! ```

use crate::{Device, Element, Error, Result, Tensor};
use ndarray::{ArrayBase, ArrayD, Data, Dimension, IxDyn};

impl Tensor {
    /// Uploads an ndarray array of any memory layout (transposed, sliced, negative strides)
    /// as a contiguous tensor with the same shape and the same values in logical order.
    pub fn from_ndarray<T, S, D>(device: &Device, a: &ArrayBase<S, D>) -> Result<Tensor>
    where
        T: Element,
        S: Data<Elem = T>,
        D: Dimension,
    {
        let shape = a.shape().to_vec();
        match a.as_slice() {
            // Already C-contiguous: upload without an intermediate copy.
            Some(s) => Tensor::from_slice(device, s, &shape),
            None => {
                let v: Vec<T> = a.iter().copied().collect();
                Tensor::from_slice(device, &v, &shape)
            }
        }
    }

    /// Downloads into a C-ordered [`ArrayD`]. `T` must be the tensor's element type exactly;
    /// otherwise the error names both dtypes.
    pub fn to_ndarray<T: Element>(&self) -> Result<ArrayD<T>> {
        if T::DTYPE != self.dtype() {
            return Err(Error::invalid(
                "to_ndarray",
                format!(
                    "tensor has dtype {}, asked for an array of {}; cast the tensor first",
                    self.dtype(),
                    T::DTYPE
                ),
            ));
        }
        let v = self.to_vec::<T>()?;
        ArrayD::from_shape_vec(IxDyn(self.shape()), v)
            .map_err(|e| Error::invalid("to_ndarray", e.to_string()))
    }
}
