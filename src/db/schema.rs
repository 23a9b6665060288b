//! The portable schema, kept by hand: only types both backends share (TEXT ids, naive UTC
//! `Timestamp`s). Migrations in `migrations/sqlite` and `migrations/postgres` must match it.

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        user_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        role -> Text,
        language -> Text,
        active -> Bool,
        created_at -> Timestamp,
        password_hash -> Nullable<Text>,
        totp_secret -> Nullable<Text>,
        totp_required -> Bool,
        totp_last_step -> Nullable<BigInt>,
        failed_sign_ins -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_sessions (id_hash) {
        id_hash -> Text,
        user_id -> Text,
        verified -> Bool,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    password_links (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        slug -> Text,
        status -> Text,
        title -> Text,
        summary -> Nullable<Text>,
        description -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        timezone -> Text,
        format -> Text,
        venue_name -> Nullable<Text>,
        venue_address -> Nullable<Text>,
        venue_city -> Nullable<Text>,
        venue_country -> Nullable<Text>,
        online_url -> Nullable<Text>,
        contacts -> Text,
        series -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        registration_opens_at -> Nullable<Timestamp>,
        registration_closes_at -> Nullable<Timestamp>,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        max_per_organisation -> Nullable<Integer>,
        approval_required -> Bool,
        seats_taken -> Integer,
        waitlisted -> Integer,
        waitlist_last -> Integer,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        event_id -> Text,
        name -> Text,
        email -> Text,
        email_key -> Text,
        organisation -> Text,
        organisation_key -> Text,
        organisation_type -> Text,
        country -> Text,
        position -> Nullable<Text>,
        language -> Text,
        timezone -> Nullable<Text>,
        status -> Text,
        waitlist_seq -> Nullable<Integer>,
        consent_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        last_mail_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    action_tokens (token_hash) {
        token_hash -> Text,
        purpose -> Text,
        registration_id -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        subscriber_id -> Nullable<Text>,
        invitation_id -> Nullable<Text>,
        privacy_notice_version -> Nullable<Text>,
    }
}

diesel::table! {
    event_languages (event_id, language) {
        event_id -> Text,
        language -> Text,
        position -> Integer,
    }
}

diesel::table! {
    event_topics (event_id, topic) {
        event_id -> Text,
        topic -> Text,
        position -> Integer,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        message_id -> Text,
        dedupe_key -> Nullable<Text>,
        kind -> Text,
        event_id -> Nullable<Text>,
        recipient -> Text,
        subject -> Text,
        message -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        issue_id -> Nullable<Text>,
    }
}

diesel::table! {
    subscribers (id) {
        id -> Text,
        email -> Text,
        email_key -> Text,
        name -> Nullable<Text>,
        language -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        unsubscribed_at -> Nullable<Timestamp>,
        last_mail_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    subscriber_topics (subscriber_id, topic) {
        subscriber_id -> Text,
        topic -> Text,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        subscriber_id -> Text,
        action -> Text,
        privacy_notice_version -> Nullable<Text>,
        source -> Text,
        ip_address -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    newsletter_issues (id) {
        id -> Text,
        subjects -> Text,
        bodies -> Text,
        fallback_language -> Text,
        topics -> Text,
        status -> Text,
        total -> Integer,
        audience_cutoff -> Nullable<Timestamp>,
        cursor -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        send_started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitation_batches (id) {
        id -> Text,
        event_id -> Text,
        subscribers -> Nullable<Text>,
        status -> Text,
        audience_cutoff -> Timestamp,
        cursor -> Nullable<Text>,
        total -> Integer,
        skipped -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        event_id -> Text,
        batch_id -> Text,
        subscriber_id -> Nullable<Text>,
        email -> Text,
        email_key -> Text,
        name -> Nullable<Text>,
        organisation -> Nullable<Text>,
        organisation_type -> Nullable<Text>,
        country -> Nullable<Text>,
        language -> Text,
        mail_id -> Nullable<Text>,
        follow_up_mail_id -> Nullable<Text>,
        created_at -> Timestamp,
        followed_up_at -> Nullable<Timestamp>,
        declined_at -> Nullable<Timestamp>,
        registered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(event_languages -> events (event_id));
diesel::joinable!(event_topics -> events (event_id));
diesel::joinable!(registrations -> events (event_id));
diesel::joinable!(action_tokens -> registrations (registration_id));
diesel::joinable!(action_tokens -> subscribers (subscriber_id));
diesel::joinable!(subscriber_topics -> subscribers (subscriber_id));
diesel::joinable!(consents -> subscribers (subscriber_id));
diesel::joinable!(invitations -> events (event_id));
diesel::joinable!(invitations -> invitation_batches (batch_id));
diesel::joinable!(invitation_batches -> events (event_id));
diesel::joinable!(action_tokens -> invitations (invitation_id));

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        token_name -> Nullable<Text>,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<Text>,
        client_address -> Nullable<Text>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(staff_sessions -> users (user_id));
diesel::joinable!(password_links -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    users,
    staff_sessions,
    password_links,
    events,
    event_languages,
    event_topics,
    outbox,
    registrations,
    action_tokens,
    subscribers,
    subscriber_topics,
    consents,
    newsletter_issues,
    invitation_batches,
    invitations,
);

diesel::table! {
    unsolicited_mails (recipient_hash) {
        recipient_hash -> Text,
        window_start -> Timestamp,
        mails -> Integer,
    }
}

diesel::table! {
    event_plans (event_id) {
        event_id -> Text,
        agenda -> Text,
        agenda_published -> Bool,
        agenda_event_start -> Nullable<Timestamp>,
        agenda_version -> Integer,
        agenda_mail_due_at -> Nullable<Timestamp>,
        access_link_hours_before -> Nullable<Integer>,
        access_link_owed -> Bool,
        reminder_hours -> Text,
        follow_up_message -> Nullable<Text>,
        follow_up_url -> Nullable<Text>,
        follow_up_hours_after -> Integer,
        notified_sequence -> Integer,
        cancel_notified -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    schedule_marks (event_id, mark) {
        event_id -> Text,
        mark -> Text,
        recipients -> Integer,
        done_at -> Timestamp,
    }
}

diesel::joinable!(event_plans -> events (event_id));
diesel::allow_tables_to_appear_in_same_query!(event_plans, events);
diesel::allow_tables_to_appear_in_same_query!(event_plans, registrations);
diesel::allow_tables_to_appear_in_same_query!(event_plans, action_tokens);
