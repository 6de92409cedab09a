using System.Globalization;
using CsvHelper;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Surveys;

/// <summary>
/// Historical answers from a CSV file (a header row, then one answer per row). All or nothing:
/// every row is checked first, and if any is wrong the answer is a report naming each bad row and
/// field, and nothing is stored; otherwise every row is stored in one transaction. Unknown
/// customers are created from their e-mail, phone or handle. Imported answers open no follow-up
/// cases and raise no events: they happened long ago. See docs/adr/0008.
/// </summary>
internal static class ImportAnswers
{
    public const int MaxRows = 200_000;
    /// <summary>The report lists at most this many problems (the count says how many there were).</summary>
    public const int MaxReported = 1_000;

    public static readonly string[] Columns = ["date", "email", "phone", "handle", "name", "touchpoint", "channel", "score", "choices", "comment", "language"];

    public sealed record RowError(int Row, string Field, string Message);

    public sealed record Response(int Imported, int CustomersCreated);

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        private sealed record Row(int Number, DateTimeOffset At, List<(IdentityKind Kind, string Value)> Identities, string? Name, Guid TouchpointId, Guid? ChannelId,
            int? Score, string? Choices, string? Comment, string? Language);

        public async Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Guid surveyId, Stream csv, CancellationToken cancellationToken)
        {
            var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (survey is null)
            {
                return Failure.NotFound(Strings.Get("Survey.NotFound"));
            }
            if (survey.Kind == SurveyKind.Pulse)
            {
                return Failure.Invalid("file", Strings.Get("Import.NoPulse"));
            }
            var definition = SurveyDefinition.Parse(await db.SurveyVersions.Where(v => v.SurveyId == survey.Id && v.Number == survey.CurrentVersion).Select(v => v.Definition).SingleAsync(cancellationToken));
            var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == actor.WorkspaceId).Select(w => new { w.DefaultPhoneRegion, w.DefaultLanguage }).SingleAsync(cancellationToken);
            var touchpoints = await db.Touchpoints.AsNoTracking().Where(t => t.WorkspaceId == actor.WorkspaceId).ToListAsync(cancellationToken);
            var channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();

            var rows = new List<Row>();
            var errors = new List<RowError>();
            await using (var parser = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, SkipEmptyLines = true, TrackLineNumbers = true }, false))
            {
                await parser.ReadHeaderAsync(cancellationToken);
                if (parser.Headers is not { Count: > 0 } header)
                {
                    return Failure.Invalid("file", Strings.Format("Import.NoHeader", string.Join(", ", Columns)));
                }
                var names = header.Select(h => h.Trim().ToLowerInvariant()).ToArray();
                foreach (var unknown in names.Where(n => !Columns.Contains(n)))
                {
                    errors.Add(new RowError(1, unknown, Strings.Format("Import.UnknownColumn", unknown, string.Join(", ", Columns))));
                }
                if (!names.Contains("date") || !(names.Contains("email") || names.Contains("phone") || names.Contains("handle")))
                {
                    errors.Add(new RowError(1, "date", Strings.Format("Import.NoHeader", string.Join(", ", Columns))));
                }
                if (errors.Count > 0)
                {
                    return Report(errors);
                }
                while (await parser.ReadAsync(cancellationToken))
                {
                    var number = (int)parser.LineNumber;
                    if (rows.Count + errors.Count >= MaxRows)
                    {
                        errors.Add(new RowError(number, "file", Strings.Format("Import.TooManyRows", MaxRows)));
                        break;
                    }
                    string? Field(string name) => Array.IndexOf(names, name) is var i and >= 0 && i < parser.FieldCount && parser.GetStringOrNull(i) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
                    var rowErrors = new List<RowError>();
                    void Error(string field, string message) => rowErrors.Add(new RowError(number, field, message));

                    var rawDate = Field("date");
                    DateTimeOffset at = default;
                    if (rawDate is null || !DateTimeOffset.TryParse(Identities.FoldDigitsOnly(rawDate), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
                    {
                        Error("date", Strings.Format("Import.Date", rawDate ?? ""));
                    }
                    else if (at > now.AddDays(1))
                    {
                        Error("date", Strings.Format("Import.FutureDate", rawDate));
                    }

                    var identities = new List<(IdentityKind, string)>();
                    foreach (var (kind, column) in new[] { (IdentityKind.Email, "email"), (IdentityKind.Phone, "phone"), (IdentityKind.Handle, "handle") })
                    {
                        if (Field(column) is { } raw)
                        {
                            var normalized = Identities.Normalize(kind, raw, workspace.DefaultPhoneRegion, column);
                            if (normalized.Failure is { } failure)
                            {
                                Error(column, failure.Detail);
                            }
                            else
                            {
                                identities.Add((kind, normalized.Value!));
                            }
                        }
                    }
                    if (identities.Count == 0 && !rowErrors.Any(e => e.Field is "email" or "phone" or "handle"))
                    {
                        Error("email", Strings.Get("Import.NoIdentity"));
                    }

                    var touchpointId = survey.TouchpointId;
                    if (Field("touchpoint") is { } touchpointText)
                    {
                        var touchpoint = touchpoints.FirstOrDefault(t => t.Key.Equals(touchpointText, StringComparison.OrdinalIgnoreCase) || t.Name.Equals(touchpointText, StringComparison.CurrentCultureIgnoreCase));
                        if (touchpoint is null)
                        {
                            Error("touchpoint", Strings.Format("Import.UnknownTouchpoint", touchpointText));
                        }
                        else
                        {
                            touchpointId = touchpoint.Id;
                        }
                    }
                    Guid? channelId = null;
                    if (Field("channel") is { } channelText)
                    {
                        channelId = channels.FirstOrDefault(c => c.Name.Equals(channelText, StringComparison.CurrentCultureIgnoreCase))?.Id;
                        if (channelId is null)
                        {
                            Error("channel", Strings.Format("Import.UnknownChannel", channelText));
                        }
                    }
                    var language = Field("language")?.ToLowerInvariant();
                    if (language is not null && !Infrastructure.Localization.Intl.IsSupportedLanguage(language))
                    {
                        Error("language", Strings.Get("Error.Language"));
                    }
                    var name = Field("name");
                    if (name is { Length: > Limits.NameLength })
                    {
                        Error("name", Strings.Format("Error.TooLong", "name", Limits.NameLength));
                    }
                    var answer = SurveyResponses.Parse(definition, new SurveyResponses.Input(Field("score"), Field("choices")?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Field("comment"), false), null);
                    if (answer.Failure is { } invalid)
                    {
                        foreach (var (field, messages) in invalid.Errors ?? new Dictionary<string, string[]>())
                        {
                            Error(field, string.Join(" ", messages));
                        }
                    }
                    if (rowErrors.Count > 0)
                    {
                        errors.AddRange(rowErrors);
                        continue;
                    }
                    var (score, choices, comment) = answer.Value;
                    rows.Add(new Row(number, at.ToUniversalTime(), identities, name, touchpointId, channelId, score, choices, comment, language));
                }
            }
            if (errors.Count == 0 && rows.Count == 0)
            {
                errors.Add(new RowError(2, "file", Strings.Get("Import.Empty")));
            }
            if (errors.Count > 0)
            {
                return Report(errors);
            }

            var created = await StoreAsync(actor.WorkspaceId, survey, workspace.DefaultLanguage, rows, now, cancellationToken);
            return new Response(rows.Count, created);
        }

        private static Failure Report(List<RowError> errors)
        {
            var shown = errors.Take(MaxReported).ToList();
            var byField = shown.GroupBy(e => $"rows[{e.Row.ToString(CultureInfo.InvariantCulture)}].{e.Field}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            var badRows = errors.Select(e => e.Row).Distinct().Count();
            return new Failure(FailureKind.Validation, Strings.Format("Import.Rejected", badRows, errors.Count), byField)
            {
                Extensions = new Dictionary<string, object?> { ["rows"] = shown, ["badRows"] = badRows, ["problems"] = errors.Count },
            };
        }

        private async Task<int> StoreAsync(Guid workspaceId, Survey survey, string workspaceLanguage, List<Row> rows, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var owners = await NewCustomers.OwnersAsync(db, workspaceId, rows.SelectMany(r => r.Identities.Select(i => i.Value)), cancellationToken);
            var created = 0;
            var imported = new List<Guid>(rows.Count);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var row in rows)
            {
                var customerId = row.Identities.Select(i => owners.TryGetValue(i, out var owner) ? owner : (Guid?)null).FirstOrDefault(o => o is not null);
                if (customerId is null)
                {
                    var customer = NewCustomers.Add(db, events, workspaceId, row.Name, row.Language, row.Identities, now);
                    customerId = customer.Id;
                    created++;
                }
                // Addresses nobody has yet become the customer's, so the next row (and later conversations) find them.
                foreach (var identity in row.Identities.Where(i => !owners.ContainsKey(i)))
                {
                    db.CustomerIdentities.Add(new CustomerIdentity { WorkspaceId = workspaceId, CustomerId = customerId.Value, Kind = identity.Kind, Value = identity.Value, CreatedAt = now });
                    owners[identity] = customerId.Value;
                }
                var answer = new SurveyAnswer
                {
                    WorkspaceId = workspaceId,
                    SurveyId = survey.Id,
                    SurveyVersion = survey.CurrentVersion,
                    TouchpointId = row.TouchpointId,
                    CustomerId = customerId,
                    ChannelId = row.ChannelId,
                    Language = row.Language ?? workspaceLanguage,
                    Source = AnswerSource.Import,
                    Score = row.Score,
                    Choices = row.Choices,
                    Comment = row.Comment,
                    AnsweredAt = row.At,
                    UpdatedAt = now,
                };
                db.SurveyAnswers.Add(answer);
                imported.Add(answer.Id);
            }
            foreach (var batch in imported.Chunk(SurveyAnswersImported.BatchSize))
            {
                events.Publish(new SurveyAnswersImported(workspaceId, survey.Id, batch));
            }
            db.ChangeTracker.DetectChanges();
            // One SaveChanges is one transaction: every row, or (on any failure) none.
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
    }
}
