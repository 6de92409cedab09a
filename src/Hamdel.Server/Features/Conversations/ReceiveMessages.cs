using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// <c>POST /api/v1/workspaces/{ws}/channels/{channelId}/messages</c> (one message) and
/// <c>.../messages/batch</c> (up to 1,000): a company pushes customer messages into Hamdel.
/// A re-sent request is a no-op with the same answer, by <c>Idempotency-Key</c> or by the channel's
/// message id (<c>externalId</c>). In a batch each message stands alone: the valid ones are stored,
/// the invalid ones are reported with their index and fields, and none is half-stored.
/// </summary>
internal static class ReceiveMessages
{
    internal sealed record SenderRequest(string? Email, string? Phone, string? Handle, string? Name, bool? Verified);

    internal sealed record AttachmentRequest(string? FileName, string? ContentType, string? Content);

    internal sealed record MessageRequest(
        SenderRequest? Sender,
        string? Text,
        string? Html,
        string? ExternalId,
        DateTimeOffset? SentAt,
        string? Subject,
        List<AttachmentRequest>? Attachments);

    internal sealed record BatchRequest(List<MessageRequest>? Messages);

    internal sealed record Response(Guid CustomerId, Guid ConversationId, Guid MessageId);

    /// <summary>One message's outcome in a batch: 201 stored, 200 already stored before, 400 invalid (with its errors).</summary>
    internal sealed record ItemResult(int Index, int Status, Guid? CustomerId, Guid? ConversationId, Guid? MessageId, IReadOnlyDictionary<string, string[]>? Errors);

    internal sealed record BatchResponse(int Stored, int Duplicates, int Rejected, IReadOnlyList<ItemResult> Results);

    /// <summary>A stored or replayed answer.</summary>
    internal sealed record Answer<T>(int Status, T Body, bool Replayed);

    internal sealed class Handler(HamdelDbContext db, Inbound inbound, AttachmentStore attachments, ChannelKinds kinds, TimeProvider time)
    {
        public async Task<Outcome<Answer<Response>>> ReceiveAsync(CurrentMember actor, Guid channelId, MessageRequest request, string? idempotencyKey, CancellationToken cancellationToken)
        {
            var (channel, workspace, failure) = await FindChannelAsync(actor, channelId, idempotencyKey, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
            var scope = "inbound:" + channelId;
            var hash = Hash(request);
            var replay = await ReplayAsync<Response>(actor.WorkspaceId, scope, idempotencyKey, hash, cancellationToken);
            if (replay.Failure is not null || replay.Value is not null)
            {
                return replay.Failure is not null ? replay.Failure : replay.Value!;
            }

            var item = Validate(request, workspace!.DefaultPhoneRegion, "");
            if (!item.Succeeded)
            {
                return item.Failure!;
            }
            var duplicate = item.Value!.ExternalId is { } externalId
                && await db.Messages.AnyAsync(m => m.ChannelId == channelId && m.ExternalId == externalId, cancellationToken);

            Answer<Response>? answer = null;
            await inbound.ReceiveAsync(channel!, [item.Value], async stored =>
            {
                var r = stored[0];
                answer = new Answer<Response>(duplicate ? 200 : 201, new Response(r.CustomerId, r.ConversationId, r.MessageId), false);
                await RememberAsync(actor.WorkspaceId, scope, idempotencyKey, hash, answer.Status, answer.Body);
            }, cancellationToken);
            return answer!;
        }

        public async Task<Outcome<Answer<BatchResponse>>> ReceiveBatchAsync(CurrentMember actor, Guid channelId, BatchRequest request, string? idempotencyKey, CancellationToken cancellationToken)
        {
            var (channel, workspace, failure) = await FindChannelAsync(actor, channelId, idempotencyKey, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
            if (request.Messages is not { Count: > 0 } messages)
            {
                return Failure.Invalid("messages", Strings.Get("Inbound.BatchEmpty"));
            }
            if (messages.Count > Limits.BatchSize)
            {
                return Failure.Invalid("messages", Strings.Format("Inbound.BatchTooLarge", Limits.BatchSize, messages.Count));
            }
            var scope = "inbound-batch:" + channelId;
            var hash = Hash(request);
            var replay = await ReplayAsync<BatchResponse>(actor.WorkspaceId, scope, idempotencyKey, hash, cancellationToken);
            if (replay.Failure is not null || replay.Value is not null)
            {
                return replay.Failure is not null ? replay.Failure : replay.Value!;
            }

            var results = new ItemResult?[messages.Count];
            var valid = new List<(int Index, InboundItem Item)>();
            for (var i = 0; i < messages.Count; i++)
            {
                var item = messages[i] is null
                    ? Failure.Invalid($"messages[{i}]", Strings.Get("Inbound.ItemMissing"))
                    : Validate(messages[i], workspace!.DefaultPhoneRegion, $"messages[{i}].");
                if (item.Succeeded)
                {
                    valid.Add((i, item.Value!));
                }
                else
                {
                    results[i] = new ItemResult(i, 400, null, null, null, item.Failure!.Errors);
                }
            }

            var externalIds = valid.Select(v => v.Item.ExternalId).OfType<string>().Distinct().ToList();
            var known = externalIds.Count == 0 ? [] : await db.Messages.AsNoTracking()
                .Where(m => m.ChannelId == channelId && externalIds.Contains(m.ExternalId!))
                .Select(m => m.ExternalId!)
                .ToHashSetAsync(cancellationToken);

            BatchResponse? response = null;
            if (valid.Count > 0)
            {
                await inbound.ReceiveAsync(channel!, [.. valid.Select(v => v.Item)], async stored =>
                {
                    var firstSeen = new HashSet<string>(StringComparer.Ordinal);
                    for (var j = 0; j < valid.Count; j++)
                    {
                        var (index, item) = valid[j];
                        var repeat = item.ExternalId is { } id && (known.Contains(id) || !firstSeen.Add(id));
                        results[index] = new ItemResult(index, repeat ? 200 : 201, stored[j].CustomerId, stored[j].ConversationId, stored[j].MessageId, null);
                    }
                    response = Summarise(results!);
                    await RememberAsync(actor.WorkspaceId, scope, idempotencyKey, hash, 200, response);
                }, cancellationToken);
            }
            response ??= Summarise(results!);
            return new Answer<BatchResponse>(200, response, false);
        }

        private static BatchResponse Summarise(ItemResult[] results) => new(
            results.Count(r => r.Status == 201), results.Count(r => r.Status == 200), results.Count(r => r.Status == 400), results);

        /// <summary>The channel messages are pushed into, if it takes them, and the caller's idempotency key checked.</summary>
        private async Task<(Channel? Channel, Workspace? Workspace, Failure? Failure)> FindChannelAsync(CurrentMember actor, Guid channelId, string? idempotencyKey, CancellationToken cancellationToken)
        {
            var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (channel is null)
            {
                return (null, null, Failure.NotFound(Strings.Format("Channel.NotFound", channelId)));
            }
            if (!channel.IsActive)
            {
                return (null, null, Failure.Conflict(Strings.Format("Channel.Inactive", channel.Name)));
            }
            if (kinds.Find(channel.Kind) is not { AcceptsApiMessages: true })
            {
                return (null, null, Failure.Conflict(Strings.Format("Channel.NoApi", channel.Name, channel.Kind)));
            }
            if (CheckKey(idempotencyKey) is { } keyFailure)
            {
                return (null, null, keyFailure);
            }
            var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == actor.WorkspaceId, cancellationToken);
            return (channel, workspace, null);
        }

        /// <summary>Checks and normalises one message; field names are prefixed for batches (<c>messages[3].</c>).</summary>
        internal Outcome<InboundItem> Validate(MessageRequest request, string? phoneRegion, string prefix)
        {
            var errors = new Dictionary<string, string[]>();
            void Error(string field, string message) => errors[prefix + field] = [.. errors.GetValueOrDefault(prefix + field, []), message];
            string? Take(Outcome<string> outcome)
            {
                if (outcome.Failure is { Errors: { } fieldErrors })
                {
                    foreach (var (field, messages) in fieldErrors)
                    {
                        foreach (var message in messages)
                        {
                            Error(field, message);
                        }
                    }
                    return null;
                }
                return outcome.Value;
            }

            var sender = request.Sender;
            string? email = null, phone = null, handle = null;
            if (sender is null || (string.IsNullOrWhiteSpace(sender.Email) && string.IsNullOrWhiteSpace(sender.Phone) && string.IsNullOrWhiteSpace(sender.Handle)))
            {
                Error("sender", Strings.Get("Inbound.SenderRequired"));
            }
            else
            {
                email = string.IsNullOrWhiteSpace(sender.Email) ? null : Take(Identities.Email(sender.Email, "sender.email"));
                phone = string.IsNullOrWhiteSpace(sender.Phone) ? null : Take(Identities.Phone(sender.Phone, phoneRegion, "sender.phone"));
                handle = string.IsNullOrWhiteSpace(sender.Handle) ? null : Take(Identities.Handle(sender.Handle, "sender.handle"));
                if (sender.Name is { Length: > Limits.NameLength })
                {
                    Error("sender.name", Strings.Format("Error.TooLong", "sender.name", Limits.NameLength));
                }
            }

            if (request.Html is { Length: > Limits.MessageTextLength * 2 })
            {
                Error("html", Strings.Format("Error.TooLong", "html", Limits.MessageTextLength * 2));
            }
            var html = request.Html is { Length: <= Limits.MessageTextLength * 2 } ? MessageBodies.SanitizeHtml(request.Html) : null;
            var text = string.IsNullOrWhiteSpace(request.Text) ? (html is null ? null : MessageBodies.TextOf(html)) : request.Text.Trim();
            if (string.IsNullOrWhiteSpace(text) && (request.Attachments is not { Count: > 0 }))
            {
                Error("text", Strings.Get("Inbound.TextRequired"));
            }
            else if (text is { Length: > Limits.MessageTextLength })
            {
                Error("text", Strings.Format("Error.TooLong", "text", Limits.MessageTextLength));
            }
            if (request.ExternalId is { Length: > 200 } || request.ExternalId is { Length: 0 })
            {
                Error("externalId", Strings.Format("Error.TooLong", "externalId", 200));
            }
            if (request.Subject is { Length: > 300 })
            {
                Error("subject", Strings.Format("Error.TooLong", "subject", 300));
            }
            if (request.SentAt is { } sentAt && sentAt > time.GetUtcNow().AddDays(1))
            {
                Error("sentAt", Strings.Get("Inbound.SentAtFuture"));
            }

            var files = new List<IncomingFile>();
            if (request.Attachments is { } list)
            {
                if (list.Count > attachments.Options.MaxPerMessage)
                {
                    Error("attachments", Strings.Format("Attachment.TooMany", attachments.Options.MaxPerMessage));
                }
                for (var i = 0; i < list.Count && i < attachments.Options.MaxPerMessage; i++)
                {
                    var a = list[i];
                    var field = $"attachments[{i}]";
                    byte[]? bytes = null;
                    if (a?.Content is not { Length: > 0 } content || !TryBase64(content, out bytes))
                    {
                        Error(field + ".content", Strings.Get("Attachment.Base64"));
                        continue;
                    }
                    var file = new IncomingFile(a.FileName ?? "", a.ContentType ?? "application/octet-stream", bytes!);
                    if (attachments.Check(file, field) is { Errors: { } fileErrors })
                    {
                        foreach (var (f, messages) in fileErrors)
                        {
                            Error(f, messages[0]);
                        }
                        continue;
                    }
                    files.Add(file);
                }
            }

            if (errors.Count > 0)
            {
                return new Failure(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
            }
            return new InboundItem(
                new InboundSender(email, phone, handle, string.IsNullOrWhiteSpace(sender!.Name) ? null : sender.Name.Trim(), sender.Verified == true),
                text ?? "",
                html,
                request.ExternalId,
                request.SentAt?.ToUniversalTime(),
                string.IsNullOrWhiteSpace(request.Subject) ? null : request.Subject.Trim(),
                files);
        }

        private static Failure? CheckKey(string? key) =>
            key is { Length: 0 or > 200 } ? Failure.Invalid("Idempotency-Key", Strings.Format("Error.TooLong", "Idempotency-Key", 200)) : null;

        /// <summary>The stored answer for a key seen before (null when new), or a failure when the key came with another body.</summary>
        private async Task<Outcome<Answer<T>?>> ReplayAsync<T>(Guid workspaceId, string scope, string? key, string hash, CancellationToken cancellationToken)
        {
            if (key is null)
            {
                return (Answer<T>?)null;
            }
            var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Scope == scope && r.Key == key, cancellationToken);
            if (stored is null)
            {
                return (Answer<T>?)null;
            }
            if (stored.RequestHash != hash)
            {
                return new Failure(FailureKind.Unprocessable, Strings.Get("Inbound.KeyReused"));
            }
            return new Answer<T>(stored.StatusCode, JsonSerializer.Deserialize<T>(stored.Response, DomainJson)!, true);
        }

        private Task RememberAsync<T>(Guid workspaceId, string scope, string? key, string hash, int status, T body)
        {
            if (key is not null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    WorkspaceId = workspaceId,
                    Scope = scope,
                    Key = key,
                    RequestHash = hash,
                    StatusCode = status,
                    Response = JsonSerializer.Serialize(body, DomainJson),
                    CreatedAt = time.GetUtcNow(),
                });
            }
            return Task.CompletedTask;
        }

        private static readonly JsonSerializerOptions DomainJson = new(JsonSerializerDefaults.Web);

        private static string Hash<T>(T request) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, DomainJson)));

        private static bool TryBase64(string content, out byte[]? bytes)
        {
            bytes = new byte[content.Length * 3 / 4 + 3];
            if (Convert.TryFromBase64String(content, bytes, out var written))
            {
                Array.Resize(ref bytes, written);
                return true;
            }
            bytes = null;
            return false;
        }
    }
}
