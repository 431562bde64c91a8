//! Quotations: attribution, stripped marks, first person in reported speech, balance.

use super::Rule;
use crate::data::{DataError, DataSet};

pub fn rules(_data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    Ok(Vec::new())
}
