using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "follow_up_cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    answer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    contacted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "survey_opt_outs",
                columns: table => new
                {
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_opt_outs", x => new { x.workspace_id, x.customer_id });
                });

            migrationBuilder.CreateTable(
                name: "survey_settings",
                columns: table => new
                {
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    min_days_between_surveys = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_settings", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "touchpoints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_touchpoints", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tracked_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    properties = table.Column<string>(type: "text", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracked_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_up_notes_follow_up_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "follow_up_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    touchpoint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    current_version = table.Column<int>(type: "integer", nullable: false),
                    public_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    public_link_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    follow_up_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    follow_up_owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    follow_up_due_hours = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.ForeignKey(
                        name: "fk_surveys_touchpoints_touchpoint_id",
                        column: x => x.touchpoint_id,
                        principalTable: "touchpoints",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "survey_answers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_version = table.Column<int>(type: "integer", nullable: false),
                    invitation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    touchpoint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    group = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    score = table.Column<int>(type: "integer", nullable: true),
                    choices = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    wants_contact = table.Column<bool>(type: "boolean", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_survey_answers_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_version = table.Column<int>(type: "integer", nullable: false),
                    touchpoint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source_event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    group = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    send_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_survey_invitations_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_triggers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    event_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    touchpoint_id = table.Column<Guid>(type: "uuid", nullable: true),
                    delay_minutes = table.Column<int>(type: "integer", nullable: false),
                    sample_percent = table.Column<int>(type: "integer", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_triggers", x => x.id);
                    table.ForeignKey(
                        name: "fk_survey_triggers_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    workspace_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survey_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survey_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_survey_versions_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_cases_answer_id",
                table: "follow_up_cases",
                column: "answer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_cases_workspace_id_customer_id",
                table: "follow_up_cases",
                columns: new[] { "workspace_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_cases_workspace_id_status_due_at",
                table: "follow_up_cases",
                columns: new[] { "workspace_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_notes_case_id",
                table: "follow_up_notes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_invitation_id",
                table: "survey_answers",
                column: "invitation_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_survey_id",
                table: "survey_answers",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_workspace_id_customer_id_answered_at",
                table: "survey_answers",
                columns: new[] { "workspace_id", "customer_id", "answered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_workspace_id_survey_id_answered_at",
                table: "survey_answers",
                columns: new[] { "workspace_id", "survey_id", "answered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_workspace_id_touchpoint_id_answered_at",
                table: "survey_answers",
                columns: new[] { "workspace_id", "touchpoint_id", "answered_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_conversation_id",
                table: "survey_invitations",
                column: "conversation_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_status_send_at",
                table: "survey_invitations",
                columns: new[] { "status", "send_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_survey_id",
                table: "survey_invitations",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_trigger_id_source_event_id",
                table: "survey_invitations",
                columns: new[] { "trigger_id", "source_event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_workspace_id_customer_id_created_at",
                table: "survey_invitations",
                columns: new[] { "workspace_id", "customer_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_invitations_workspace_id_survey_id_created_at",
                table: "survey_invitations",
                columns: new[] { "workspace_id", "survey_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_triggers_survey_id",
                table: "survey_triggers",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_survey_triggers_workspace_id_kind",
                table: "survey_triggers",
                columns: new[] { "workspace_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_survey_versions_survey_id_number",
                table: "survey_versions",
                columns: new[] { "survey_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_public_key",
                table: "surveys",
                column: "public_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_touchpoint_id",
                table: "surveys",
                column: "touchpoint_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_workspace_id_name",
                table: "surveys",
                columns: new[] { "workspace_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_touchpoints_workspace_id_key",
                table: "touchpoints",
                columns: new[] { "workspace_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracked_events_workspace_id_customer_id_occurred_at",
                table: "tracked_events",
                columns: new[] { "workspace_id", "customer_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tracked_events_workspace_id_name_occurred_at",
                table: "tracked_events",
                columns: new[] { "workspace_id", "name", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "follow_up_notes");

            migrationBuilder.DropTable(
                name: "survey_answers");

            migrationBuilder.DropTable(
                name: "survey_invitations");

            migrationBuilder.DropTable(
                name: "survey_opt_outs");

            migrationBuilder.DropTable(
                name: "survey_settings");

            migrationBuilder.DropTable(
                name: "survey_triggers");

            migrationBuilder.DropTable(
                name: "survey_versions");

            migrationBuilder.DropTable(
                name: "tracked_events");

            migrationBuilder.DropTable(
                name: "follow_up_cases");

            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropTable(
                name: "touchpoints");
        }
    }
}
