export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
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
      events: {
        Row: {
          capacity: number | null;
          created_at: string;
          description: string;
          ends_at: string | null;
          enrolled_count: number;
          id: string;
          language: string;
          location: string;
          online_url: string | null;
          organizer_id: string;
          search: unknown;
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
          created_at?: string;
          description?: string;
          ends_at?: string | null;
          enrolled_count?: number;
          id?: string;
          language?: string;
          location?: string;
          online_url?: string | null;
          organizer_id?: string;
          search?: never;
          slug: string;
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
          created_at?: string;
          description?: string;
          ends_at?: string | null;
          enrolled_count?: number;
          id?: string;
          language?: string;
          location?: string;
          online_url?: string | null;
          organizer_id?: string;
          search?: never;
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
    };
    Functions: {
      claim_email_batch: {
        Args: { batch_size?: number; lease?: string };
        Returns: {
          attempts: number;
          dedupe_key: string;
          event: Json;
          id: number;
          kind: Database["public"]["Enums"]["email_kind"];
          payload: Json;
          recipient_email: string;
          recipient_name: string;
        }[];
      };
      custom_access_token_hook: { Args: { event: Json }; Returns: Json };
      mark_email_failed: { Args: { email_id: number; error: string }; Returns: Database["public"]["Enums"]["email_status"] };
      mark_email_sent: { Args: { email_id: number }; Returns: boolean };
      rotate_calendar_token: { Args: Record<PropertyKey, never>; Returns: string };
      search_events: {
        Args: {
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
          description: string;
          ends_at: string;
          enrolled_count: number;
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
      email_kind:
        | "enrollment_confirmed"
        | "waitlisted"
        | "waitlist_promoted"
        | "enrollment_cancelled"
        | "event_changed"
        | "event_cancelled"
        | "enrollment_follow_up"
        | "event_reminder";
      email_status: "pending" | "sending" | "sent" | "failed" | "dead";
      enrollment_status: "enrolled" | "waitlisted" | "cancelled";
      event_member_role: "organizer" | "co_organizer" | "member";
      event_search_order: "starts_at" | "created_at" | "title" | "relevance";
      event_status: "draft" | "published" | "locked" | "cancelled";
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
      email_kind: [
        "enrollment_confirmed",
        "waitlisted",
        "waitlist_promoted",
        "enrollment_cancelled",
        "event_changed",
        "event_cancelled",
        "enrollment_follow_up",
        "event_reminder",
      ],
      email_status: ["pending", "sending", "sent", "failed", "dead"],
      enrollment_status: ["enrolled", "waitlisted", "cancelled"],
      event_member_role: ["organizer", "co_organizer", "member"],
      event_search_order: ["starts_at", "created_at", "title", "relevance"],
      event_status: ["draft", "published", "locked", "cancelled"],
      user_role: ["seeker", "facilitator", "creator", "admin"],
    },
  },
} as const;
