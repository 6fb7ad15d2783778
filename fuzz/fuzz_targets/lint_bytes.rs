//! Arbitrary bytes linted as each file kind: the first byte chooses the kind.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = koalint_fuzz::KINDS[kind as usize % koalint_fuzz::KINDS.len()];
    koalint_fuzz::check(ext, bytes);
});
