using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "email_mailbox_states",
                columns: table => new
                {
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uid_validity = table.Column<long>(type: "INTEGER", nullable: false),
                    last_uid = table.Column<long>(type: "INTEGER", nullable: false),
                    last_fetch_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    last_error_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_mailbox_states", x => x.channel_id);
                });

            migrationBuilder.CreateTable(
                name: "email_messages",
                columns: table => new
                {
                    message_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    internet_message_id = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    references = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    from = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    cc = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    automated = table.Column<bool>(type: "INTEGER", nullable: false),
                    bounce = table.Column<bool>(type: "INTEGER", nullable: false),
                    quote_start = table.Column<int>(type: "INTEGER", nullable: true),
                    skipped_attachments = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_messages", x => x.message_id);
                    table.ForeignKey(
                        name: "fk_email_messages_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_quarantine",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uid = table.Column<long>(type: "INTEGER", nullable: false),
                    uid_validity = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    internet_message_id = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_quarantine", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outgoing_emails",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    message_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outgoing_emails", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_channel_id_from_created_at",
                table: "email_messages",
                columns: new[] { "channel_id", "from", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_workspace_id_dedupe_key",
                table: "email_messages",
                columns: new[] { "workspace_id", "dedupe_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_workspace_id_internet_message_id",
                table: "email_messages",
                columns: new[] { "workspace_id", "internet_message_id" });

            migrationBuilder.CreateIndex(
                name: "ix_email_quarantine_channel_id_uid_validity_uid",
                table: "email_quarantine",
                columns: new[] { "channel_id", "uid_validity", "uid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_quarantine_workspace_id_channel_id_created_at",
                table: "email_quarantine",
                columns: new[] { "workspace_id", "channel_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_message_id",
                table: "outgoing_emails",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_state_next_attempt_at",
                table: "outgoing_emails",
                columns: new[] { "state", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_mailbox_states");

            migrationBuilder.DropTable(
                name: "email_messages");

            migrationBuilder.DropTable(
                name: "email_quarantine");

            migrationBuilder.DropTable(
                name: "outgoing_emails");
        }
    }
}
