//! The story suite against each backend, plus what only a backend can show: that going around
//! the store is refused by the database, that both schemas match, and crash safety.

mod crash;
mod postgres;
mod sqlite;

/// Declares one `#[tokio::test]` per story for a backend; `$fresh` makes an empty store.
#[macro_export]
macro_rules! stories {
    ($fresh:expr) => {
        $crate::stories!(@each $fresh;
            imported_register_reads_back_the_same,
            importing_the_same_register_again_changes_nothing,
            an_edit_keeps_the_old_version_readable_as_recorded_before_it,
            every_version_has_its_audit_entry,
            a_large_write_putting_an_entry_twice_records_every_change_in_order,
            an_invalid_write_changes_nothing,
            a_stale_write_is_a_conflict_and_changes_nothing,
            two_concurrent_writers_cannot_both_win,
            an_overlapping_designation_is_recorded_with_a_warning,
            deleting_what_does_not_exist_is_not_found,
            users_are_added_once_and_audited_without_their_password,
            grants_give_one_role_per_council_and_are_audited,
            sessions_expire_and_a_password_change_ends_them,
            tokens_name_their_user_and_failed_logins_are_counted,
            the_register_version_grows_with_every_change_and_not_with_a_read,
        );
    };
    (@each $fresh:expr; $($story:ident,)+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $story() {
                if let Some(store) = $fresh(stringify!($story)).await {
                    assure_store_tests::$story(store).await;
                }
            }
        )+
    };
}
