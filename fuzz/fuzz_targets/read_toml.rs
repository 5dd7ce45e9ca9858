//! Arbitrary bytes as a TOML register file: no panic; a register that reads writes back the same.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    assure_fuzz::read_write_read("f.toml", data);
});
