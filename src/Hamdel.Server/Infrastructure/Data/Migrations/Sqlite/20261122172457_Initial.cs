using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    actor_user_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    target_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ip_address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "channels",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    public_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    settings = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    team_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_merges",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    survivor_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    merged_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    merged_display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_user_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    details = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_merges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    merged_into_id = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    response = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.workspace_id, x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_by_user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    accepted_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invitations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    conversation_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    author_user_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: true),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    delivery_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    delivery_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    claimed_by = table.Column<byte[]>(type: "BLOB", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "saved_replies",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    shortcut = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    created_by_user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_replies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    owner_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    source_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    lead_user_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    calendar = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    is_instance_admin = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deactivated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<long>(type: "INTEGER", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    webhook_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    message_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    event_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    last_status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    protected_secret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    events = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhooks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    default_language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    is_demo = table.Column<bool>(type: "INTEGER", nullable: false),
                    default_phone_region = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    reopen_window_hours = table.Column<int>(type: "INTEGER", nullable: false),
                    last_conversation_number = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    number = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    snoozed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    priority = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    assignee_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    team_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_message_at = table.Column<long>(type: "INTEGER", nullable: false),
                    waiting_since = table.Column<long>(type: "INTEGER", nullable: true),
                    first_response_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    message_count = table.Column<int>(type: "INTEGER", nullable: false),
                    agent_reply_count = table.Column<int>(type: "INTEGER", nullable: false),
                    reassignment_count = table.Column<int>(type: "INTEGER", nullable: false),
                    team_transfer_count = table.Column<int>(type: "INTEGER", nullable: false),
                    reopen_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversations_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversations_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_attributes",
                columns: table => new
                {
                    customer_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_attributes", x => new { x.customer_id, x.key });
                    table.ForeignKey(
                        name: "fk_customer_attributes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_identities",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    customer_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_identities", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_identities_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_tags",
                columns: table => new
                {
                    customer_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_tags", x => new { x.customer_id, x.tag });
                    table.ForeignKey(
                        name: "fk_customer_tags_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    message_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    team_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_members", x => new { x.team_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_team_members_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_members",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deactivated_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_workspace_members_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_members_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "conversation_tags",
                columns: table => new
                {
                    conversation_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_tags", x => new { x.conversation_id, x.tag });
                    table.ForeignKey(
                        name: "fk_conversation_tags_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_token_hash",
                table: "api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_message_id",
                table: "attachments",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_user_id_id",
                table: "audit_entries",
                columns: new[] { "actor_user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_workspace_id_id",
                table: "audit_entries",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_channels_public_key",
                table: "channels",
                column: "public_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channels_workspace_id_id",
                table: "channels",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversation_tags_workspace_id_tag",
                table: "conversation_tags",
                columns: new[] { "workspace_id", "tag" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_channel_id",
                table: "conversations",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_customer_id_channel_id_created_at",
                table: "conversations",
                columns: new[] { "customer_id", "channel_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_snoozed_until",
                table: "conversations",
                columns: new[] { "status", "snoozed_until" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_assignee_id_status_last_message_at_id",
                table: "conversations",
                columns: new[] { "workspace_id", "assignee_id", "status", "last_message_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_number",
                table: "conversations",
                columns: new[] { "workspace_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_status_last_message_at_id",
                table: "conversations",
                columns: new[] { "workspace_id", "status", "last_message_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_status_waiting_since_id",
                table: "conversations",
                columns: new[] { "workspace_id", "status", "waiting_since", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_team_id_status_last_message_at_id",
                table: "conversations",
                columns: new[] { "workspace_id", "team_id", "status", "last_message_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_attributes_workspace_id_key",
                table: "customer_attributes",
                columns: new[] { "workspace_id", "key" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_identities_customer_id",
                table: "customer_identities",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_identities_workspace_id_kind_value",
                table: "customer_identities",
                columns: new[] { "workspace_id", "kind", "value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_merges_merged_id",
                table: "customer_merges",
                column: "merged_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_merges_survivor_id",
                table: "customer_merges",
                column: "survivor_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_workspace_id_tag",
                table: "customer_tags",
                columns: new[] { "workspace_id", "tag" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_workspace_id_id",
                table: "customers",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_token_hash",
                table: "invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invitations_user_id",
                table: "invitations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_channel_id_external_id",
                table: "messages",
                columns: new[] { "channel_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversation_id_created_at",
                table: "messages",
                columns: new[] { "conversation_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_claimed_by",
                table: "outbox_events",
                column: "claimed_by");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_event_id",
                table: "outbox_events",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_processed_at_id",
                table: "outbox_events",
                columns: new[] { "processed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_replies_workspace_id_shortcut_language",
                table: "saved_replies",
                columns: new[] { "workspace_id", "shortcut", "language" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_search_entries_source_id",
                table: "search_entries",
                column: "source_id");

            migrationBuilder.CreateIndex(
                name: "ix_search_entries_workspace_id_kind_owner_id",
                table: "search_entries",
                columns: new[] { "workspace_id", "kind", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_team_members_user_id",
                table: "team_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_teams_workspace_id_name",
                table: "teams",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_channel_id_message_id",
                table: "webhook_deliveries",
                columns: new[] { "channel_id", "message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_state_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "state", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_webhook_id_event_id",
                table: "webhook_deliveries",
                columns: new[] { "webhook_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_workspace_id_id",
                table: "webhook_deliveries",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhooks_workspace_id",
                table: "webhooks",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_members_user_id",
                table: "workspace_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_members_workspace_id_user_id",
                table: "workspace_members",
                columns: new[] { "workspace_id", "user_id" },
                unique: true);

            // Full-text search over the normalised text (see SearchIndex): an FTS5 index with the
            // trigram tokenizer, so any substring of three letters or more is found, kept in step
            // with search_entries by triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', content_rowid='id', tokenize='trigram');
                CREATE TRIGGER search_entries_after_insert AFTER INSERT ON search_entries BEGIN
                    INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text);
                END;
                CREATE TRIGGER search_entries_after_delete AFTER DELETE ON search_entries BEGIN
                    INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);
                END;
                CREATE TRIGGER search_entries_after_update AFTER UPDATE OF text ON search_entries BEGIN
                    INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);
                    INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS search_entries_after_insert;
                DROP TRIGGER IF EXISTS search_entries_after_delete;
                DROP TRIGGER IF EXISTS search_entries_after_update;
                DROP TABLE IF EXISTS search_fts;
                """);
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "conversation_tags");

            migrationBuilder.DropTable(
                name: "customer_attributes");

            migrationBuilder.DropTable(
                name: "customer_identities");

            migrationBuilder.DropTable(
                name: "customer_merges");

            migrationBuilder.DropTable(
                name: "customer_tags");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "saved_replies");

            migrationBuilder.DropTable(
                name: "search_entries");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropTable(
                name: "workspace_members");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "workspaces");

            migrationBuilder.DropTable(
                name: "channels");

            migrationBuilder.DropTable(
                name: "customers");
        }
    }
}
