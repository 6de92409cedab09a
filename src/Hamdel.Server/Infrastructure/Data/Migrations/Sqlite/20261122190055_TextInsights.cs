using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TextInsights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "signals",
                table: "conversations",
                type: "INTEGER",
                maxLength: 32,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "text_insights",
                columns: table => new
                {
                    id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subject_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    sentiment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    score = table.Column<double>(type: "REAL", nullable: false),
                    confidence = table.Column<double>(type: "REAL", nullable: false),
                    topics = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    signals = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    model_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    topics_version = table.Column<int>(type: "INTEGER", nullable: false),
                    analyzed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_text_insights", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspace_topics",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    json = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by_user_id = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_topics", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_text_insights_model_version",
                table: "text_insights",
                column: "model_version");

            migrationBuilder.CreateIndex(
                name: "ix_text_insights_workspace_id_subject_subject_id",
                table: "text_insights",
                columns: new[] { "workspace_id", "subject", "subject_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "text_insights");

            migrationBuilder.DropTable(
                name: "workspace_topics");

            migrationBuilder.DropColumn(
                name: "signals",
                table: "conversations");
        }
    }
}
