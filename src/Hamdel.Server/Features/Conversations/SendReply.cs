using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// An agent answers the customer (sent through the conversation's channel) or leaves an internal
/// note. The first answer records the first response time and, on an unassigned conversation,
/// assigns it to the agent who answered.
/// </summary>
internal static class SendReply
{
    internal sealed record Request(string? Text, string? Html, bool? Note, ConversationStatus? Status, List<ReceiveMessages.AttachmentRequest>? Attachments);

    internal sealed record Response(Guid MessageId, MessageDirection Direction, DeliveryStatus DeliveryStatus);

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, AttachmentStore attachments, TimeProvider time)
    {
        public Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken) =>
            Concurrency.RetryAsync(db, () => ExecuteOnceAsync(actor, conversationId, request, cancellationToken));

        private async Task<Outcome<Response>> ExecuteOnceAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken)
        {
            var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (conversation is null)
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }

            var errors = new Dictionary<string, string[]>();
            var html = request.Html is { Length: <= Limits.MessageTextLength * 2 } ? MessageBodies.SanitizeHtml(request.Html) : null;
            var text = string.IsNullOrWhiteSpace(request.Text) ? (html is null ? null : MessageBodies.TextOf(html)) : request.Text.Trim();
            if (string.IsNullOrWhiteSpace(text) && request.Attachments is not { Count: > 0 })
            {
                errors["text"] = [Strings.Get("Inbound.TextRequired")];
            }
            else if (text is { Length: > Limits.MessageTextLength })
            {
                errors["text"] = [Strings.Format("Error.TooLong", "text", Limits.MessageTextLength)];
            }
            if (request.Html is { Length: > Limits.MessageTextLength * 2 })
            {
                errors["html"] = [Strings.Format("Error.TooLong", "html", Limits.MessageTextLength * 2)];
            }
            if (request.Status is ConversationStatus.Snoozed)
            {
                errors["status"] = [Strings.Get("Conversation.SnoozeSeparately")];
            }
            var files = new List<IncomingFile>();
            foreach (var (a, i) in (request.Attachments ?? []).Select((a, i) => (a, i)))
            {
                var field = $"attachments[{i}]";
                byte[]? bytes;
                try
                {
                    bytes = a?.Content is { Length: > 0 } content ? Convert.FromBase64String(content) : null;
                }
                catch (FormatException)
                {
                    bytes = null;
                }
                if (bytes is null)
                {
                    errors[field + ".content"] = [Strings.Get("Attachment.Base64")];
                    continue;
                }
                var file = new IncomingFile(a!.FileName ?? "", a.ContentType ?? "application/octet-stream", bytes);
                if (attachments.Check(file, field) is { Errors: { } fileErrors })
                {
                    foreach (var (f, m) in fileErrors)
                    {
                        errors[f] = m;
                    }
                    continue;
                }
                files.Add(file);
            }
            if (files.Count > attachments.Options.MaxPerMessage)
            {
                errors["attachments"] = [Strings.Format("Attachment.TooMany", attachments.Options.MaxPerMessage)];
            }
            if (errors.Count > 0)
            {
                return new Failure(FailureKind.Validation, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
            }

            var now = time.GetUtcNow();
            var note = request.Note == true;
            var message = new Message
            {
                WorkspaceId = actor.WorkspaceId,
                ConversationId = conversation.Id,
                ChannelId = conversation.ChannelId,
                Direction = note ? MessageDirection.Note : MessageDirection.Outbound,
                Author = MessageAuthor.Agent,
                AuthorUserId = actor.UserId,
                Text = text ?? "",
                Html = html,
                SentAt = now,
                CreatedAt = now,
                DeliveryStatus = note ? DeliveryStatus.NotApplicable : DeliveryStatus.Pending,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var file in files)
            {
                message.Attachments.Add(await attachments.SaveAsync(actor.WorkspaceId, message.Id, file, now, cancellationToken));
            }
            db.Messages.Add(message);
            db.SearchEntries.Add(new SearchEntry { WorkspaceId = actor.WorkspaceId, Kind = SearchKind.Message, OwnerId = conversation.Id, SourceId = message.Id, Text = SearchText.Of(message.Text) });

            conversation.MessageCount++;
            conversation.UpdatedAt = now;
            if (!note)
            {
                conversation.LastMessageAt = now;
                conversation.AgentReplyCount++;
                conversation.FirstResponseAt ??= now;
                conversation.WaitingSince = null;
                if (conversation.AssigneeId is null)
                {
                    conversation.AssigneeId = actor.UserId;
                    events.Publish(new ConversationAssigned(actor.WorkspaceId, conversation.Id, actor.UserId, conversation.TeamId, null, conversation.TeamId, actor.UserId));
                }
            }
            events.Publish(new MessageCreated(actor.WorkspaceId, conversation.Id, message.Id, conversation.CustomerId, conversation.ChannelId,
                message.Direction, MessageAuthor.Agent, actor.UserId, message.Text.Length > 4000 ? message.Text[..4000] : message.Text, now));
            if (request.Status is { } status && status != conversation.Status)
            {
                ChangeStatus.Apply(conversation, status, null, actor.UserId, events, now);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Response(message.Id, message.Direction, message.DeliveryStatus);
        }
    }
}
