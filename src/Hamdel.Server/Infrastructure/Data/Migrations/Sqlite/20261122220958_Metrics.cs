using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hamdel.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Metrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_facts",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    family = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    source_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    survey_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    touchpoint_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    channel_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    team_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    agent_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    sentiment = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    tags = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    topics = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_facts", x => new { x.workspace_id, x.family, x.source_id });
                });

            migrationBuilder.CreateTable(
                name: "metric_histogram_bins",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    family = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    dimension = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    bin = table.Column<int>(type: "INTEGER", nullable: false),
                    n = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_histogram_bins", x => new { x.workspace_id, x.family, x.dimension, x.key, x.day, x.bin });
                });

            migrationBuilder.CreateTable(
                name: "metric_rollups",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    family = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    dimension = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    n = table.Column<long>(type: "INTEGER", nullable: false),
                    sum = table.Column<long>(type: "INTEGER", nullable: false),
                    sum_squares = table.Column<long>(type: "INTEGER", nullable: false),
                    c0 = table.Column<long>(type: "INTEGER", nullable: false),
                    c1 = table.Column<long>(type: "INTEGER", nullable: false),
                    c2 = table.Column<long>(type: "INTEGER", nullable: false),
                    c3 = table.Column<long>(type: "INTEGER", nullable: false),
                    c4 = table.Column<long>(type: "INTEGER", nullable: false),
                    c5 = table.Column<long>(type: "INTEGER", nullable: false),
                    c6 = table.Column<long>(type: "INTEGER", nullable: false),
                    c7 = table.Column<long>(type: "INTEGER", nullable: false),
                    c8 = table.Column<long>(type: "INTEGER", nullable: false),
                    c9 = table.Column<long>(type: "INTEGER", nullable: false),
                    c10 = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_rollups", x => new { x.workspace_id, x.family, x.dimension, x.key, x.day });
                });

            migrationBuilder.CreateTable(
                name: "metric_workspace_states",
                columns: table => new
                {
                    workspace_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    definition_version = table.Column<int>(type: "INTEGER", nullable: false),
                    repeat_contact_days = table.Column<int>(type: "INTEGER", nullable: false),
                    revision = table.Column<long>(type: "INTEGER", nullable: false),
                    built_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_workspace_states", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_metric_facts_workspace_id_family_day",
                table: "metric_facts",
                columns: new[] { "workspace_id", "family", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_facts");

            migrationBuilder.DropTable(
                name: "metric_histogram_bins");

            migrationBuilder.DropTable(
                name: "metric_rollups");

            migrationBuilder.DropTable(
                name: "metric_workspace_states");
        }
    }
}
