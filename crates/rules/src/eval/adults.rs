//! Adult social services: the Director of Adult Social Services (Local Authority Social Services
//! Act 1970 s6(A1)) and the Department of Health's 2006 guidance on the post.

use super::{designated, reports_to_head};
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::model::Role;

pub(super) fn dass_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::Dass, day, false)
}

pub(super) fn dass_reports_to_chief_executive(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    reports_to_head(cx, Role::Dass, day)
}
