//! One module per area of the catalogue, mirroring `src/eval`, plus the behaviour common to every
//! rule: the catalogue itself, departures and "the worst wins".

mod support;

mod adults;
mod assurance;
mod catalogue;
mod children;
mod data;
mod departures;
mod officers;
mod public_health;
mod safeguarding;
mod worst;
