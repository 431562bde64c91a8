//! Name consistency: variants, dropped diacritics, mojibake, house style.

use super::Rule;
use crate::data::{DataError, DataSet};

pub fn rules(_data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    Ok(Vec::new())
}
