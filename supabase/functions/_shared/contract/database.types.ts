export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      bookings: {
        Row: {
          amount_minor: number;
          cancel_reason: string | null;
          cancelled_at: string | null;
          confirmed_at: string | null;
          created_at: string;
          currency: string;
          hold_expires_at: string | null;
          id: string;
          last_stripe_event_at: string | null;
          session_id: string;
          status: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id: string | null;
          stripe_refund_id: string | null;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          amount_minor: number;
          cancel_reason?: string | null;
          cancelled_at?: string | null;
          confirmed_at?: string | null;
          created_at?: string;
          currency: string;
          hold_expires_at?: string | null;
          id?: string;
          last_stripe_event_at?: string | null;
          session_id: string;
          status?: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id?: string | null;
          stripe_refund_id?: string | null;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          amount_minor?: number;
          cancel_reason?: string | null;
          cancelled_at?: string | null;
          confirmed_at?: string | null;
          created_at?: string;
          currency?: string;
          hold_expires_at?: string | null;
          id?: string;
          last_stripe_event_at?: string | null;
          session_id?: string;
          status?: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id?: string | null;
          stripe_refund_id?: string | null;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "bookings_session_id_fkey";
            columns: ["session_id"];
            isOneToOne: false;
            referencedRelation: "sessions";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "bookings_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      calendar_feeds: {
        Row: {
          created_at: string;
          token: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          token?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          token?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "calendar_feeds_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: true;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      email_outbox: {
        Row: {
          attempts: number;
          created_at: string;
          dedupe_key: string;
          event_id: string | null;
          id: number;
          kind: Database["public"]["Enums"]["email_kind"];
          last_error: string | null;
          max_attempts: number;
          next_attempt_at: string;
          payload: NonNullable<Json>;
          recipient_email: string;
          recipient_id: string | null;
          sent_at: string | null;
          status: Database["public"]["Enums"]["email_status"];
          subject_id: string;
          subject_table: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          attempts?: number;
          created_at?: string;
          dedupe_key: string;
          event_id?: string | null;
          id?: never;
          kind: Database["public"]["Enums"]["email_kind"];
          last_error?: string | null;
          max_attempts?: number;
          next_attempt_at?: string;
          payload?: NonNullable<Json>;
          recipient_email: string;
          recipient_id?: string | null;
          sent_at?: string | null;
          status?: Database["public"]["Enums"]["email_status"];
          subject_id: string;
          subject_table: string;
          updated_at?: string;
        };
        Update: {
          attempts?: number;
          created_at?: string;
          dedupe_key?: string;
          event_id?: string | null;
          id?: never;
          kind?: Database["public"]["Enums"]["email_kind"];
          last_error?: string | null;
          max_attempts?: number;
          next_attempt_at?: string;
          payload?: NonNullable<Json>;
          recipient_email?: string;
          recipient_id?: string | null;
          sent_at?: string | null;
          status?: Database["public"]["Enums"]["email_status"];
          subject_id?: string;
          subject_table?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "email_outbox_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "email_outbox_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "email_outbox_recipient_id_fkey";
            columns: ["recipient_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      enrollments: {
        Row: {
          cancelled_at: string | null;
          created_at: string;
          enrolled_at: string | null;
          event_id: string;
          id: string;
          status: Database["public"]["Enums"]["enrollment_status"];
          updated_at: string;
          user_id: string;
          waitlist_ticket: number | null;
          waitlisted_at: string | null;
          waitlist_position: number | null;
        };
        ComputedFields: "waitlist_position";
        Insert: {
          cancelled_at?: string | null;
          created_at?: string;
          enrolled_at?: string | null;
          event_id: string;
          id?: string;
          status: Database["public"]["Enums"]["enrollment_status"];
          updated_at?: string;
          user_id: string;
          waitlist_ticket?: number | null;
          waitlisted_at?: string | null;
        };
        Update: {
          cancelled_at?: string | null;
          created_at?: string;
          enrolled_at?: string | null;
          event_id?: string;
          id?: string;
          status?: Database["public"]["Enums"]["enrollment_status"];
          updated_at?: string;
          user_id?: string;
          waitlist_ticket?: number | null;
          waitlisted_at?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "enrollments_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      event_members: {
        Row: {
          event_id: string;
          joined_at: string;
          role: Database["public"]["Enums"]["event_member_role"];
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          event_id: string;
          joined_at?: string;
          role?: Database["public"]["Enums"]["event_member_role"];
          user_id: string;
        };
        Update: {
          event_id?: string;
          joined_at?: string;
          role?: Database["public"]["Enums"]["event_member_role"];
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "event_members_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_members_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      event_series: {
        Row: {
          capacity: number | null;
          created_at: string;
          description: string;
          duration: string;
          exdates: string[];
          first_starts_on: string;
          horizon: string;
          id: string;
          language: string;
          location: string;
          organizer_id: string;
          rrule: string;
          starts_at_local: string;
          tags: string[];
          timezone: string;
          title: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          capacity?: number | null;
          created_at?: string;
          description?: string;
          duration: string;
          exdates?: string[];
          first_starts_on: string;
          horizon?: string;
          id?: string;
          language?: string;
          location?: string;
          organizer_id?: string;
          rrule: string;
          starts_at_local: string;
          tags?: string[];
          timezone: string;
          title: string;
          updated_at?: string;
        };
        Update: {
          capacity?: number | null;
          created_at?: string;
          description?: string;
          duration?: string;
          exdates?: string[];
          first_starts_on?: string;
          horizon?: string;
          id?: string;
          language?: string;
          location?: string;
          organizer_id?: string;
          rrule?: string;
          starts_at_local?: string;
          tags?: string[];
          timezone?: string;
          title?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "event_series_organizer_id_fkey";
            columns: ["organizer_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      events: {
        Row: {
          capacity: number | null;
          checkin_opens_before: string;
          created_at: string;
          description: string;
          ends_at: string | null;
          enrolled_count: number;
          has_online_url: boolean | null;
          id: string;
          language: string;
          location: string;
          online_url: string | null;
          organizer_id: string;
          search: unknown;
          series_id: string | null;
          series_occurrence: string | null;
          series_override: boolean;
          slug: string;
          starts_at: string | null;
          status: Database["public"]["Enums"]["event_status"];
          tags: string[];
          timezone: string;
          title: string;
          updated_at: string;
          waitlisted_count: number;
        };
        ComputedFields: never;
        Insert: {
          capacity?: number | null;
          checkin_opens_before?: string;
          created_at?: string;
          description?: string;
          ends_at?: string | null;
          enrolled_count?: number;
          has_online_url?: never;
          id?: string;
          language?: string;
          location?: string;
          online_url?: string | null;
          organizer_id?: string;
          search?: unknown;
          series_id?: string | null;
          series_occurrence?: string | null;
          series_override?: boolean;
          slug?: string;
          starts_at?: string | null;
          status?: Database["public"]["Enums"]["event_status"];
          tags?: string[];
          timezone?: string;
          title: string;
          updated_at?: string;
          waitlisted_count?: number;
        };
        Update: {
          capacity?: number | null;
          checkin_opens_before?: string;
          created_at?: string;
          description?: string;
          ends_at?: string | null;
          enrolled_count?: number;
          has_online_url?: never;
          id?: string;
          language?: string;
          location?: string;
          online_url?: string | null;
          organizer_id?: string;
          search?: unknown;
          series_id?: string | null;
          series_occurrence?: string | null;
          series_override?: boolean;
          slug?: string;
          starts_at?: string | null;
          status?: Database["public"]["Enums"]["event_status"];
          tags?: string[];
          timezone?: string;
          title?: string;
          updated_at?: string;
          waitlisted_count?: number;
        };
        Relationships: [
          {
            foreignKeyName: "events_organizer_id_fkey";
            columns: ["organizer_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "events_series_id_fkey";
            columns: ["series_id"];
            isOneToOne: false;
            referencedRelation: "event_series";
            referencedColumns: ["id"];
          },
        ];
      };
      notification_preferences: {
        Row: {
          event_changes: boolean;
          follow_ups: boolean;
          reminders: boolean;
          updated_at: string;
          user_id: string;
          waitlist: boolean;
        };
        ComputedFields: never;
        Insert: {
          event_changes?: boolean;
          follow_ups?: boolean;
          reminders?: boolean;
          updated_at?: string;
          user_id: string;
          waitlist?: boolean;
        };
        Update: {
          event_changes?: boolean;
          follow_ups?: boolean;
          reminders?: boolean;
          updated_at?: string;
          user_id?: string;
          waitlist?: boolean;
        };
        Relationships: [
          {
            foreignKeyName: "notification_preferences_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: true;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      poll_options: {
        Row: {
          event_id: string;
          id: string;
          label: string;
          poll_id: string;
          position: number;
        };
        ComputedFields: never;
        Insert: {
          event_id: string;
          id?: string;
          label: string;
          poll_id: string;
          position?: number;
        };
        Update: {
          event_id?: string;
          id?: string;
          label?: string;
          poll_id?: string;
          position?: number;
        };
        Relationships: [
          {
            foreignKeyName: "poll_options_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_options_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_options_poll_id_fkey";
            columns: ["poll_id"];
            isOneToOne: false;
            referencedRelation: "polls";
            referencedColumns: ["id"];
          },
        ];
      };
      poll_votes: {
        Row: {
          event_id: string;
          option_id: string;
          poll_id: string;
          single_choice: boolean;
          user_id: string;
          voted_at: string;
        };
        ComputedFields: never;
        Insert: {
          event_id: string;
          option_id: string;
          poll_id: string;
          single_choice?: boolean;
          user_id?: string;
          voted_at?: string;
        };
        Update: {
          event_id?: string;
          option_id?: string;
          poll_id?: string;
          single_choice?: boolean;
          user_id?: string;
          voted_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "poll_votes_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_votes_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_votes_option_id_fkey";
            columns: ["option_id"];
            isOneToOne: false;
            referencedRelation: "poll_options";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_votes_option_id_fkey";
            columns: ["option_id"];
            isOneToOne: false;
            referencedRelation: "poll_results";
            referencedColumns: ["option_id"];
          },
          {
            foreignKeyName: "poll_votes_poll_id_fkey";
            columns: ["poll_id"];
            isOneToOne: false;
            referencedRelation: "polls";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_votes_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      polls: {
        Row: {
          ballots: Database["public"]["Enums"]["poll_ballots"];
          choice: Database["public"]["Enums"]["poll_choice"];
          closes_at: string | null;
          created_at: string;
          event_id: string;
          id: string;
          question: string;
        };
        ComputedFields: never;
        Insert: {
          ballots?: Database["public"]["Enums"]["poll_ballots"];
          choice?: Database["public"]["Enums"]["poll_choice"];
          closes_at?: string | null;
          created_at?: string;
          event_id: string;
          id?: string;
          question: string;
        };
        Update: {
          ballots?: Database["public"]["Enums"]["poll_ballots"];
          choice?: Database["public"]["Enums"]["poll_choice"];
          closes_at?: string | null;
          created_at?: string;
          event_id?: string;
          id?: string;
          question?: string;
        };
        Relationships: [
          {
            foreignKeyName: "polls_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "polls_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
        ];
      };
      profiles: {
        Row: {
          avatar_path: string | null;
          bio: string;
          created_at: string;
          display_name: string;
          id: string;
          role: Database["public"]["Enums"]["user_role"];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          avatar_path?: string | null;
          bio?: string;
          created_at?: string;
          display_name: string;
          id: string;
          role?: Database["public"]["Enums"]["user_role"];
          updated_at?: string;
        };
        Update: {
          avatar_path?: string | null;
          bio?: string;
          created_at?: string;
          display_name?: string;
          id?: string;
          role?: Database["public"]["Enums"]["user_role"];
          updated_at?: string;
        };
        Relationships: [];
      };
      rate_limits: {
        Row: {
          max_writes: number;
          note: string;
          subject: string;
          updated_at: string;
          window_seconds: number;
        };
        ComputedFields: never;
        Insert: {
          max_writes: number;
          note?: string;
          subject: string;
          updated_at?: string;
          window_seconds: number;
        };
        Update: {
          max_writes?: number;
          note?: string;
          subject?: string;
          updated_at?: string;
          window_seconds?: number;
        };
        Relationships: [];
      };
      series_follows: {
        Row: {
          created_at: string;
          series_id: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          series_id: string;
          user_id?: string;
        };
        Update: {
          created_at?: string;
          series_id?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "series_follows_series_id_fkey";
            columns: ["series_id"];
            isOneToOne: false;
            referencedRelation: "event_series";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "series_follows_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      sessions: {
        Row: {
          capacity: number;
          checkin_opens_before: string;
          created_at: string;
          creator_id: string;
          currency: string;
          description: string;
          duration_minutes: number;
          ends_at: string | null;
          has_online_url: boolean | null;
          id: string;
          image_path: string | null;
          location: string | null;
          online_url: string | null;
          price_minor: number;
          published: boolean;
          starts_at: string;
          timezone: string;
          title: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          capacity: number;
          checkin_opens_before?: string;
          created_at?: string;
          creator_id?: string;
          currency: string;
          description?: string;
          duration_minutes: number;
          ends_at?: never;
          has_online_url?: never;
          id?: string;
          image_path?: string | null;
          location?: string | null;
          online_url?: string | null;
          price_minor: number;
          published?: boolean;
          starts_at: string;
          timezone?: string;
          title: string;
          updated_at?: string;
        };
        Update: {
          capacity?: number;
          checkin_opens_before?: string;
          created_at?: string;
          creator_id?: string;
          currency?: string;
          description?: string;
          duration_minutes?: number;
          ends_at?: never;
          has_online_url?: never;
          id?: string;
          image_path?: string | null;
          location?: string | null;
          online_url?: string | null;
          price_minor?: number;
          published?: boolean;
          starts_at?: string;
          timezone?: string;
          title?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "sessions_creator_id_fkey";
            columns: ["creator_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      slot_votes: {
        Row: {
          answer: Database["public"]["Enums"]["slot_answer"];
          created_at: string;
          event_id: string;
          slot_id: string;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          answer: Database["public"]["Enums"]["slot_answer"];
          created_at?: string;
          event_id: string;
          slot_id: string;
          updated_at?: string;
          user_id?: string;
        };
        Update: {
          answer?: Database["public"]["Enums"]["slot_answer"];
          created_at?: string;
          event_id?: string;
          slot_id?: string;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "slot_votes_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "slot_votes_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "slot_votes_slot_id_fkey";
            columns: ["slot_id"];
            isOneToOne: false;
            referencedRelation: "slot_tallies";
            referencedColumns: ["slot_id"];
          },
          {
            foreignKeyName: "slot_votes_slot_id_fkey";
            columns: ["slot_id"];
            isOneToOne: false;
            referencedRelation: "time_slots";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "slot_votes_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      stripe_events: {
        Row: {
          id: string;
          processed_at: string | null;
          received_at: string;
          stripe_created_at: string;
          type: string;
        };
        ComputedFields: never;
        Insert: {
          id: string;
          processed_at?: string | null;
          received_at?: string;
          stripe_created_at: string;
          type: string;
        };
        Update: {
          id?: string;
          processed_at?: string | null;
          received_at?: string;
          stripe_created_at?: string;
          type?: string;
        };
        Relationships: [];
      };
      tasks: {
        Row: {
          assignee_id: string | null;
          created_at: string;
          due_at: string | null;
          event_id: string;
          id: string;
          notes: string;
          position: number;
          status: Database["public"]["Enums"]["task_status"];
          title: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          assignee_id?: string | null;
          created_at?: string;
          due_at?: string | null;
          event_id: string;
          id?: string;
          notes?: string;
          position?: number;
          status?: Database["public"]["Enums"]["task_status"];
          title: string;
          updated_at?: string;
        };
        Update: {
          assignee_id?: string | null;
          created_at?: string;
          due_at?: string | null;
          event_id?: string;
          id?: string;
          notes?: string;
          position?: number;
          status?: Database["public"]["Enums"]["task_status"];
          title?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "tasks_assignee_is_member";
            columns: ["event_id", "assignee_id"];
            isOneToOne: false;
            referencedRelation: "event_members";
            referencedColumns: ["event_id", "user_id"];
          },
          {
            foreignKeyName: "tasks_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tasks_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
        ];
      };
      tickets: {
        Row: {
          booking_id: string | null;
          checked_in_at: string | null;
          checked_in_by: string | null;
          code: string;
          created_at: string;
          enrollment_id: string | null;
          event_id: string | null;
          id: string;
          session_id: string | null;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          booking_id?: string | null;
          checked_in_at?: string | null;
          checked_in_by?: string | null;
          code: string;
          created_at?: string;
          enrollment_id?: string | null;
          event_id?: string | null;
          id?: string;
          session_id?: string | null;
          user_id: string;
        };
        Update: {
          booking_id?: string | null;
          checked_in_at?: string | null;
          checked_in_by?: string | null;
          code?: string;
          created_at?: string;
          enrollment_id?: string | null;
          event_id?: string | null;
          id?: string;
          session_id?: string | null;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "tickets_booking_id_fkey";
            columns: ["booking_id"];
            isOneToOne: true;
            referencedRelation: "bookings";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_checked_in_by_fkey";
            columns: ["checked_in_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_enrollment_id_fkey";
            columns: ["enrollment_id"];
            isOneToOne: true;
            referencedRelation: "enrollments";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_enrollment_id_fkey";
            columns: ["enrollment_id"];
            isOneToOne: true;
            referencedRelation: "my_enrollments";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_session_id_fkey";
            columns: ["session_id"];
            isOneToOne: false;
            referencedRelation: "sessions";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "tickets_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      time_slots: {
        Row: {
          created_at: string;
          ends_at: string | null;
          event_id: string;
          id: string;
          starts_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          ends_at?: string | null;
          event_id: string;
          id?: string;
          starts_at: string;
        };
        Update: {
          created_at?: string;
          ends_at?: string | null;
          event_id?: string;
          id?: string;
          starts_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "time_slots_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "time_slots_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
        ];
      };
    };
    Views: {
      event_attendees: {
        Row: {
          avatar_path: string | null;
          display_name: string;
          enrolled_at: string | null;
          event_id: string;
          status: Database["public"]["Enums"]["enrollment_status"];
          user_id: string;
          waitlist_ticket: number | null;
          waitlisted_at: string | null;
        };
        ComputedFields: never;
        Relationships: [
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "enrollments_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
        ];
      };
      my_enrollments: {
        Row: {
          cancelled_at: string | null;
          ends_at: string | null;
          enrolled_at: string | null;
          event_id: string;
          event_status: Database["public"]["Enums"]["event_status"];
          has_online_url: boolean | null;
          id: string;
          location: string;
          online_url: string | null;
          slug: string;
          starts_at: string | null;
          status: Database["public"]["Enums"]["enrollment_status"];
          timeframe: string | null;
          timezone: string;
          title: string;
          waitlist_position: number | null;
          waitlisted_at: string | null;
        };
        ComputedFields: never;
        Relationships: [
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "enrollments_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
        ];
      };
      my_events: {
        Row: {
          available_spots: number | null;
          capacity: number | null;
          ends_at: string | null;
          enrolled_count: number;
          id: string;
          my_role: Database["public"]["Enums"]["event_member_role"];
          slug: string;
          starts_at: string | null;
          status: Database["public"]["Enums"]["event_status"];
          timezone: string;
          title: string;
          waitlisted_count: number;
        };
        ComputedFields: never;
        Relationships: [];
      };
      poll_results: {
        Row: {
          event_id: string;
          label: string;
          option_id: string;
          poll_id: string;
          position: number;
          votes: number | null;
        };
        ComputedFields: never;
        Insert: {
          event_id?: string | null;
          label?: string | null;
          option_id?: string | null;
          poll_id?: string | null;
          position?: number | null;
          votes?: never;
        };
        Update: {
          event_id?: string | null;
          label?: string | null;
          option_id?: string | null;
          poll_id?: string | null;
          position?: number | null;
          votes?: never;
        };
        Relationships: [
          {
            foreignKeyName: "poll_options_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_options_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "poll_options_poll_id_fkey";
            columns: ["poll_id"];
            isOneToOne: false;
            referencedRelation: "polls";
            referencedColumns: ["id"];
          },
        ];
      };
      slot_tallies: {
        Row: {
          ends_at: string | null;
          event_id: string;
          if_need_be_count: number | null;
          slot_id: string;
          starts_at: string;
          total_count: number | null;
          yes_count: number | null;
        };
        ComputedFields: never;
        Relationships: [
          {
            foreignKeyName: "time_slots_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "time_slots_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "my_events";
            referencedColumns: ["id"];
          },
        ];
      };
    };
    Functions: {
      attach_payment_intent: {
        Args: { p_booking_id: string; p_payment_intent_id: string };
        Returns: {
          amount_minor: number;
          cancel_reason: string | null;
          cancelled_at: string | null;
          confirmed_at: string | null;
          created_at: string;
          currency: string;
          hold_expires_at: string | null;
          id: string;
          last_stripe_event_at: string | null;
          session_id: string;
          status: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id: string | null;
          stripe_refund_id: string | null;
          updated_at: string;
          user_id: string;
        };
        SetofOptions: {
          from: "*";
          to: "bookings";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      begin_stripe_event: { Args: { p_created: string; p_id: string; p_type: string }; Returns: boolean };
      book_session: {
        Args: { p_session_id: string; p_user_id: string };
        Returns: {
          amount_minor: number;
          cancel_reason: string | null;
          cancelled_at: string | null;
          confirmed_at: string | null;
          created_at: string;
          currency: string;
          hold_expires_at: string | null;
          id: string;
          last_stripe_event_at: string | null;
          session_id: string;
          status: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id: string | null;
          stripe_refund_id: string | null;
          updated_at: string;
          user_id: string;
        };
        SetofOptions: {
          from: "*";
          to: "bookings";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      calendar_feed: { Args: { token: string }; Returns: Json };
      calendar_series: { Args: { series_id: string }; Returns: Json };
      cancel_booking: {
        Args: { p_booking_id: string; p_user_id: string };
        Returns: {
          amount_minor: number;
          cancel_reason: string | null;
          cancelled_at: string | null;
          confirmed_at: string | null;
          created_at: string;
          currency: string;
          hold_expires_at: string | null;
          id: string;
          last_stripe_event_at: string | null;
          session_id: string;
          status: Database["public"]["Enums"]["booking_status"];
          stripe_payment_intent_id: string | null;
          stripe_refund_id: string | null;
          updated_at: string;
          user_id: string;
        };
        SetofOptions: {
          from: "*";
          to: "bookings";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      cancel_enrollment: { Args: { event_id: string }; Returns: Json };
      check_in: { Args: { code: string; event_id?: string; session_id?: string }; Returns: Json };
      claim_email_batch: {
        Args: { batch_size?: number; lease?: string };
        Returns: {
          attempts: number;
          category: string;
          dedupe_key: string;
          event: Json;
          id: number;
          kind: Database["public"]["Enums"]["email_kind"];
          payload: Json;
          recipient_email: string;
          recipient_id: string;
          recipient_name: string;
        }[];
      };
      confirm_booking_payment: {
        Args: { p_amount_minor: number; p_booking_id: string; p_currency: string; p_event_at: string; p_payment_intent_id: string };
        Returns: string;
      };
      count_function_write: { Args: { user_id: string; weight?: number }; Returns: undefined };
      custom_access_token_hook: { Args: { event: Json }; Returns: Json };
      dashboard_attendance: {
        Args: Record<PropertyKey, never>;
        Returns: {
          checked_in: number;
          confirmed: number;
          id: string;
          kind: string;
          no_show_rate: number;
          no_shows: number;
          started: boolean;
          starts_at: string;
          title: string;
        }[];
      };
      dashboard_creator_revenue: {
        Args: Record<PropertyKey, never>;
        Returns: {
          confirmed_bookings: number;
          currency: string;
          revenue_minor: number;
        }[];
      };
      dashboard_creator_sessions: {
        Args: Record<PropertyKey, never>;
        Returns: {
          capacity: number;
          confirmed_bookings: number;
          currency: string;
          held_seats: number;
          price_minor: number;
          published: boolean;
          revenue_minor: number;
          seats_left: number;
          session_id: string;
          starts_at: string;
          title: string;
          upcoming: boolean;
        }[];
      };
      dashboard_user_bookings: {
        Args: Record<PropertyKey, never>;
        Returns: {
          amount_minor: number;
          booking_id: string;
          currency: string;
          ends_at: string;
          hold_expires_at: string;
          location: string;
          online_url: string;
          session_id: string;
          starts_at: string;
          status: Database["public"]["Enums"]["booking_status"];
          title: string;
          upcoming: boolean;
        }[];
      };
      enroll: { Args: { event_id: string }; Returns: Json };
      event_online_url: { Args: { event_id: string }; Returns: string };
      finish_stripe_event: { Args: { p_id: string }; Returns: undefined };
      lock_event_slot: {
        Args: { slot: string };
        Returns: {
          capacity: number | null;
          checkin_opens_before: string;
          created_at: string;
          description: string;
          ends_at: string | null;
          enrolled_count: number;
          has_online_url: boolean | null;
          id: string;
          language: string;
          location: string;
          online_url: string | null;
          organizer_id: string;
          search: unknown;
          series_id: string | null;
          series_occurrence: string | null;
          series_override: boolean;
          slug: string;
          starts_at: string | null;
          status: Database["public"]["Enums"]["event_status"];
          tags: string[];
          timezone: string;
          title: string;
          updated_at: string;
          waitlisted_count: number;
        };
        SetofOptions: {
          from: "*";
          to: "events";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      mark_booking_refunded: { Args: { p_booking_id: string; p_refund_id: string }; Returns: string };
      mark_email_batch: {
        Args: { failures?: Json; sent: number[] };
        Returns: {
          id: number;
          status: Database["public"]["Enums"]["email_status"];
        }[];
      };
      mark_email_failed: { Args: { email_id: number; error: string }; Returns: Database["public"]["Enums"]["email_status"] };
      mark_email_sent: { Args: { email_id: number }; Returns: boolean };
      release_booking_hold: { Args: { p_booking_id: string; p_event_at: string; p_reason: string }; Returns: string };
      rotate_calendar_token: { Args: Record<PropertyKey, never>; Returns: string };
      search_events: {
        Args: {
          after?: string;
          ascending?: boolean;
          has_free_spots?: boolean;
          language_code?: string;
          location_contains?: string;
          order_by?: Database["public"]["Enums"]["event_search_order"];
          organizer?: string;
          page?: number;
          page_size?: number;
          q?: string;
          starts_after?: string;
          starts_before?: string;
          timeframe?: string;
          with_tags?: string[];
        };
        Returns: {
          available_spots: number;
          capacity: number;
          created_at: string;
          cursor: string;
          description: string;
          ends_at: string;
          enrolled_count: number;
          has_online_url: boolean;
          id: string;
          language: string;
          location: string;
          online_url: string;
          organizer_id: string;
          organizer_name: string;
          rank: number;
          slug: string;
          starts_at: string;
          status: Database["public"]["Enums"]["event_status"];
          tags: string[];
          timezone: string;
          title: string;
          waitlisted_count: number;
        }[];
      };
      session_online_url: { Args: { session_id: string }; Returns: string };
      set_user_role: {
        Args: { new_role: Database["public"]["Enums"]["user_role"]; target: string };
        Returns: {
          avatar_path: string | null;
          bio: string;
          created_at: string;
          display_name: string;
          id: string;
          role: Database["public"]["Enums"]["user_role"];
          updated_at: string;
        };
        SetofOptions: {
          from: "*";
          to: "profiles";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      split_series: {
        Args: { changes?: Json; occurrence: string };
        Returns: {
          capacity: number | null;
          created_at: string;
          description: string;
          duration: string;
          exdates: string[];
          first_starts_on: string;
          horizon: string;
          id: string;
          language: string;
          location: string;
          organizer_id: string;
          rrule: string;
          starts_at_local: string;
          tags: string[];
          timezone: string;
          title: string;
          updated_at: string;
        };
        SetofOptions: {
          from: "*";
          to: "event_series";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      vote_in_poll: {
        Args: { option: string };
        Returns: {
          event_id: string;
          option_id: string;
          poll_id: string;
          single_choice: boolean;
          user_id: string;
          voted_at: string;
        };
        SetofOptions: {
          from: "*";
          to: "poll_votes";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      waitlist_position: {
        Args: {
          enrollment: Omit<
            Database["public"]["Tables"]["enrollments"]["Row"],
            Database["public"]["Tables"]["enrollments"]["ComputedFields"]
          >;
        };
        Returns: number;
      };
    };
    Enums: {
      booking_status: "pending" | "confirmed" | "cancelled" | "refunded" | "expired";
      email_kind:
        | "enrollment_confirmed"
        | "waitlisted"
        | "waitlist_promoted"
        | "enrollment_cancelled"
        | "event_changed"
        | "event_cancelled"
        | "enrollment_follow_up"
        | "event_reminder"
        | "booking_confirmed"
        | "booking_refunded";
      email_status: "pending" | "sending" | "sent" | "skipped" | "failed" | "dead";
      enrollment_status: "enrolled" | "waitlisted" | "cancelled";
      event_member_role: "organizer" | "co_organizer" | "member";
      event_search_order: "starts_at" | "created_at" | "title" | "relevance";
      event_status: "draft" | "published" | "locked" | "cancelled";
      poll_ballots: "anonymous" | "open";
      poll_choice: "single" | "multiple";
      slot_answer: "yes" | "if_need_be";
      task_status: "todo" | "doing" | "done";
      user_role: "seeker" | "facilitator" | "creator" | "admin";
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">;

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">];

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R;
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R;
      }
      ? R
      : never
    : never;

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I;
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I;
      }
      ? I
      : never
    : never;

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U;
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U;
      }
      ? U
      : never
    : never;

export type Enums<
  DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never;

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"] | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never;

export const Constants = {
  public: {
    Enums: {
      booking_status: ["pending", "confirmed", "cancelled", "refunded", "expired"],
      email_kind: [
        "enrollment_confirmed",
        "waitlisted",
        "waitlist_promoted",
        "enrollment_cancelled",
        "event_changed",
        "event_cancelled",
        "enrollment_follow_up",
        "event_reminder",
        "booking_confirmed",
        "booking_refunded",
      ],
      email_status: ["pending", "sending", "sent", "skipped", "failed", "dead"],
      enrollment_status: ["enrolled", "waitlisted", "cancelled"],
      event_member_role: ["organizer", "co_organizer", "member"],
      event_search_order: ["starts_at", "created_at", "title", "relevance"],
      event_status: ["draft", "published", "locked", "cancelled"],
      poll_ballots: ["anonymous", "open"],
      poll_choice: ["single", "multiple"],
      slot_answer: ["yes", "if_need_be"],
      task_status: ["todo", "doing", "done"],
      user_role: ["seeker", "facilitator", "creator", "admin"],
    },
  },
} as const;
