using System.Text.Json;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Workspaces;

/// <summary>
/// The whole workspace as one JSON document, streamed section by section and row by row, so a
/// large workspace never has to fit in memory and only one query is open at a time. Every export
/// is recorded in the audit log before the first byte is sent.
/// </summary>
internal static class ExportWorkspace
{
    public const string Format = "hamdel-export/1";

    internal sealed class Handler(HamdelDbContext db, TimeProvider time, AuditLog audit, IOptions<JsonOptions> json)
    {
        private JsonSerializerOptions SerializerOptions => json.Value.SerializerOptions;
        private DateTimeOffset Now => time.GetUtcNow();

        public async Task<IResult> ExecuteAsync(CurrentMember actor, string? fileName, CancellationToken cancellationToken)
        {
            audit.Record(AuditActions.DataExported, actor.UserId, actor.WorkspaceId, "workspace", actor.WorkspaceId.ToString());
            await db.SaveChangesAsync(cancellationToken);
            var workspace = await db.Workspaces.AsNoTracking()
                .Where(w => w.Id == actor.WorkspaceId)
                .Select(w => new WorkspaceDto(w.Id, w.Name, w.TimeZone, w.DefaultLanguage, w.IsDemo, actor.Role))
                .SingleAsync(cancellationToken);
            return new ExportResult(this, actor.WorkspaceId, workspace, fileName);
        }

        /// <summary>The sections of the export, in order; each is read with one query, row by row.</summary>
        private IEnumerable<(string Name, IAsyncEnumerable<object> Rows)> Sections(Guid workspaceId)
        {
            yield return ("members", db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.Id)
                .Select(MemberDto.Projection).AsAsyncEnumerable());
            yield return ("customers", db.Customers.AsNoTracking()
                .Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.Id)
                .Select(c => new CustomerDto(c.Id, c.DisplayName, c.Language, c.TimeZone, c.CreatedAt,
                    c.Identities.OrderBy(i => i.Kind).Select(i => new IdentityDto(i.Kind, i.Value, i.Verified)).ToList()))
                .AsAsyncEnumerable());
        }

        private sealed class ExportResult(Handler handler, Guid workspaceId, WorkspaceDto workspace, string? fileName) : IResult
        {
            public async Task ExecuteAsync(HttpContext httpContext)
            {
                var options = handler.SerializerOptions;
                var response = httpContext.Response;
                response.ContentType = "application/json; charset=utf-8";
                if (fileName is not null)
                {
                    response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
                }
                var cancellationToken = httpContext.RequestAborted;
                await using var writer = new Utf8JsonWriter(response.BodyWriter);
                writer.WriteStartObject();
                writer.WriteString("format", Format);
                writer.WriteString("exportedAt", handler.Now);
                writer.WritePropertyName("workspace");
                JsonSerializer.Serialize(writer, workspace, options);
                foreach (var (name, rows) in handler.Sections(workspaceId))
                {
                    writer.WriteStartArray(name);
                    await foreach (var row in rows.WithCancellation(cancellationToken))
                    {
                        JsonSerializer.Serialize(writer, row, row.GetType(), options);
                        if (writer.BytesPending > 32 * 1024)
                        {
                            await writer.FlushAsync(cancellationToken);
                        }
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken);
            }
        }
    }
}
