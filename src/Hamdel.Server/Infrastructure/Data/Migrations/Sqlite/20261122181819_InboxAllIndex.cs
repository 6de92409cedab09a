using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxAllIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_conversations_workspace_id_last_message_at_id",
                table: "conversations",
                columns: new[] { "workspace_id", "last_message_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_conversations_workspace_id_last_message_at_id",
                table: "conversations");
        }
    }
}
