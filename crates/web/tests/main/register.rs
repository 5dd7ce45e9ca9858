//! The register pages: each table listable at a date and editable with GOV.UK forms.
