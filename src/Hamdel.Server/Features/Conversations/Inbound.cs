using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>A sender's identities, already normalised (see <see cref="Identities"/>).</summary>
internal sealed record InboundSender(string? Email, string? Phone, string? Handle, string? Name, bool Verified)
{
    public IEnumerable<(IdentityKind Kind, string Value)> All()
    {
        // Most specific first: a channel handle names one person, a phone may be shared.
        if (Handle is not null)
        {
            yield return (IdentityKind.Handle, Handle);
        }
        if (Email is not null)
        {
            yield return (IdentityKind.Email, Email);
        }
        if (Phone is not null)
        {
            yield return (IdentityKind.Phone, Phone);
        }
    }
}

/// <summary>One customer message as any channel hands it over, validated and normalised.</summary>
internal sealed record InboundItem(
    InboundSender Sender,
    string Text,
    string? Html,
    string? ExternalId,
    DateTimeOffset? SentAt,
    string? Subject,
    IReadOnlyList<IncomingFile> Files)
{
    /// <summary>
    /// How the message finds its conversation. Null: the customer's current one on the channel (chat
    /// and API channels). Set (e-mail): the conversation of the message it answers, or a new one when
    /// <see cref="InboundThread.ConversationId"/> is null.
    /// </summary>
    public InboundThread? Thread { get; init; }

    /// <summary>An automatic message (out-of-office, bounce): it joins its conversation but neither reopens it nor makes the team owe an answer.</summary>
    public bool Automated { get; init; }
}

/// <summary>The conversation an e-mail answers (null: it starts one).</summary>
internal sealed record InboundThread(Guid? ConversationId);

internal sealed record InboundResult(Guid CustomerId, Guid ConversationId, Guid MessageId);

/// <summary>
/// Where every customer message enters Hamdel, whatever the channel: finds the customer by any of
/// the sender's identities (or creates them; a verified identity that belongs to another customer
/// merges the two), finds the customer's current conversation on the channel (or reopens one
/// resolved within the reopen window, or starts one), stores the message with its attachments and
/// search text, and publishes the events, all in one transaction. A message whose channel id was
/// seen before is not stored again; the earlier result is returned.
/// </summary>
internal sealed class Inbound(
    HamdelDbContext db,
    EventOutbox events,
    AttachmentStore attachments,
    MergeCustomers.Handler merges,
    TimeProvider time)
{
    /// <summary>
    /// Receives messages on one channel in one transaction. <paramref name="extra"/> runs inside the
    /// transaction before commit (e.g. to store the idempotency record with the results).
    /// </summary>
    public async Task<IReadOnlyList<InboundResult>> ReceiveAsync(
        Channel channel,
        IReadOnlyList<InboundItem> items,
        Func<IReadOnlyList<InboundResult>, Task>? extra,
        CancellationToken cancellationToken)
    {
        // Two writers racing for the same new customer, message id or conversation: the loser's
        // unique index or version check fails, and another pass sees what the winner stored.
        return await Concurrency.RetryAsync(db, () => ReceiveOnceAsync(channel, items, extra, cancellationToken));
    }

    private async Task<IReadOnlyList<InboundResult>> ReceiveOnceAsync(
        Channel channel,
        IReadOnlyList<InboundItem> items,
        Func<IReadOnlyList<InboundResult>, Task>? extra,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == channel.WorkspaceId, cancellationToken);
        var state = await LoadStateAsync(channel, items, cancellationToken);

        // First pass: who sent each message and which conversation it joins.
        var plans = new Plan?[items.Count];
        var results = new InboundResult[items.Count];
        var newConversations = new List<Conversation>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ExternalId is not null && state.Seen.TryGetValue(item.ExternalId, out var seen))
            {
                results[i] = seen;
                continue;
            }
            var customer = await ResolveCustomerAsync(workspace, channel, item.Sender, state, now, cancellationToken);
            var (conversation, change) = ResolveConversation(workspace, channel, customer, state, item, now);
            if (change == Change.Created)
            {
                newConversations.Add(conversation);
            }
            var messageId = Guid.CreateVersion7();
            plans[i] = new Plan(item, customer, conversation, change, messageId);
            results[i] = new InboundResult(customer.Id, conversation.Id, messageId);
            if (item.ExternalId is not null)
            {
                state.Seen[item.ExternalId] = results[i];
            }
        }

        if (newConversations.Count > 0)
        {
            var last = await ConversationNumbers.ReserveAsync(db, workspace.Id, newConversations.Count, cancellationToken);
            for (var i = 0; i < newConversations.Count; i++)
            {
                newConversations[i].Number = last - newConversations.Count + 1 + i;
            }
        }

        // Second pass: the messages, their search text and the events, in arrival order.
        foreach (var plan in plans)
        {
            if (plan is null)
            {
                continue;
            }
            var (item, customer, conversation, change, messageId) = plan;
            if (change == Change.Created)
            {
                events.Publish(new ConversationCreated(workspace.Id, conversation.Id, conversation.Number, customer.Id, channel.Id, conversation.TeamId));
            }

            var message = new Message
            {
                Id = messageId,
                WorkspaceId = workspace.Id,
                ConversationId = conversation.Id,
                ChannelId = channel.Id,
                Direction = MessageDirection.Inbound,
                Author = MessageAuthor.Customer,
                Text = item.Text,
                Html = item.Html,
                ExternalId = item.ExternalId,
                SentAt = item.SentAt ?? now,
                CreatedAt = now,
                DeliveryStatus = DeliveryStatus.NotApplicable,
            };
            foreach (var file in item.Files)
            {
                message.Attachments.Add(await attachments.SaveAsync(workspace.Id, message.Id, file, now, cancellationToken));
            }
            db.Messages.Add(message);
            db.SearchEntries.Add(new SearchEntry
            {
                WorkspaceId = workspace.Id,
                Kind = SearchKind.Message,
                OwnerId = conversation.Id,
                SourceId = message.Id,
                Text = SearchText.Of(item.Subject is null ? item.Text : item.Subject + "\n" + item.Text),
            });

            conversation.MessageCount++;
            conversation.LastMessageAt = now;
            conversation.UpdatedAt = now;
            if (!item.Automated)
            {
                conversation.WaitingSince ??= now;
            }
            events.Publish(new MessageCreated(workspace.Id, conversation.Id, message.Id, customer.Id, channel.Id,
                MessageDirection.Inbound, MessageAuthor.Customer, null, Truncate(item.Text), message.SentAt));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (extra is not null)
        {
            await extra(results);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private enum Change
    {
        None,
        Created,
    }

    private sealed record Plan(InboundItem Item, Customer Customer, Conversation Conversation, Change Change, Guid MessageId);

    /// <summary>What the batch needs from the database, read in a few queries instead of per message.</summary>
    private sealed class State
    {
        public Dictionary<string, InboundResult> Seen { get; } = new(StringComparer.Ordinal);
        public Dictionary<(IdentityKind, string), Guid> Owners { get; } = [];
        public Dictionary<Guid, Customer> Customers { get; } = [];
        public Dictionary<Guid, Conversation?> Current { get; } = [];
        public Dictionary<Guid, Conversation> Threads { get; } = [];
    }

    private async Task<State> LoadStateAsync(Channel channel, IReadOnlyList<InboundItem> items, CancellationToken cancellationToken)
    {
        var state = new State();
        var externalIds = items.Select(i => i.ExternalId).OfType<string>().Distinct().ToList();
        if (externalIds.Count > 0)
        {
            var seen = await db.Messages.AsNoTracking()
                .Where(m => m.ChannelId == channel.Id && externalIds.Contains(m.ExternalId!))
                .Select(m => new { m.ExternalId, m.Id, m.ConversationId, db.Conversations.First(c => c.Id == m.ConversationId).CustomerId })
                .ToListAsync(cancellationToken);
            foreach (var s in seen)
            {
                state.Seen[s.ExternalId!] = new InboundResult(s.CustomerId, s.ConversationId, s.Id);
            }
        }

        var threadIds = items.Select(i => i.Thread?.ConversationId).OfType<Guid>().Distinct().ToList();
        if (threadIds.Count > 0)
        {
            foreach (var conversation in await db.Conversations.Where(c => threadIds.Contains(c.Id) && c.WorkspaceId == channel.WorkspaceId).ToListAsync(cancellationToken))
            {
                state.Threads[conversation.Id] = conversation;
            }
        }

        var values = items.SelectMany(i => i.Sender.All()).Select(x => x.Value).Distinct().ToList();
        var identities = await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.WorkspaceId == channel.WorkspaceId && values.Contains(i.Value))
            .Select(i => new { i.Kind, i.Value, i.CustomerId })
            .ToListAsync(cancellationToken);
        foreach (var identity in identities)
        {
            state.Owners[(identity.Kind, identity.Value)] = identity.CustomerId;
        }

        var customerIds = identities.Select(i => i.CustomerId).Distinct().ToList();
        if (customerIds.Count > 0)
        {
            foreach (var customer in await db.Customers.Where(c => customerIds.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                state.Customers[customer.Id] = customer;
            }
            await LoadCurrentConversationsAsync(channel.Id, customerIds, state, cancellationToken);
        }
        return state;
    }

    /// <summary>Each customer's latest conversation on the channel that is not closed.</summary>
    private async Task LoadCurrentConversationsAsync(Guid channelId, List<Guid> customerIds, State state, CancellationToken cancellationToken)
    {
        var latest = await db.Conversations
            .Where(c => c.ChannelId == channelId && customerIds.Contains(c.CustomerId) && c.Status != ConversationStatus.Closed)
            .GroupBy(c => c.CustomerId)
            .Select(g => g.Max(c => c.CreatedAt))
            .ToListAsync(cancellationToken);
        var conversations = await db.Conversations
            .Where(c => c.ChannelId == channelId && customerIds.Contains(c.CustomerId) && c.Status != ConversationStatus.Closed && latest.Contains(c.CreatedAt))
            .ToListAsync(cancellationToken);
        foreach (var customerId in customerIds)
        {
            state.Current[customerId] = conversations.Where(c => c.CustomerId == customerId).MaxBy(c => c.CreatedAt);
        }
    }

    private async Task<Customer> ResolveCustomerAsync(Workspace workspace, Channel channel, InboundSender sender, State state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owners = sender.All()
            .Select(identity => state.Owners.TryGetValue(identity, out var owner) ? owner : (Guid?)null)
            .OfType<Guid>()
            .Distinct()
            .ToList();

        Customer customer;
        if (owners.Count == 0)
        {
            customer = new Customer
            {
                WorkspaceId = workspace.Id,
                DisplayName = DisplayNameFor(sender),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Customers.Add(customer);
            db.SearchEntries.Add(new SearchEntry { WorkspaceId = workspace.Id, Kind = SearchKind.Customer, OwnerId = customer.Id, Text = "" });
            state.Customers[customer.Id] = customer;
            state.Current[customer.Id] = null;
            events.Publish(new CustomerCreated(workspace.Id, customer.Id, customer.DisplayName));
        }
        else
        {
            customer = state.Customers[owners[0]];
            if (owners.Count > 1 && sender.Verified)
            {
                // A verified identity of one customer is also another's: they are one person.
                // The older profile survives and takes everything of the others.
                await db.SaveChangesAsync(cancellationToken);
                var survivor = owners.Select(id => state.Customers[id]).MinBy(c => c.CreatedAt)!;
                foreach (var other in owners.Where(id => id != survivor.Id))
                {
                    await merges.MergeAsync(workspace.Id, survivor.Id, other, byUserId: null, MergeCustomers.VerifiedIdentity, cancellationToken);
                    foreach (var key in state.Owners.Where(kv => kv.Value == other).Select(kv => kv.Key).ToList())
                    {
                        state.Owners[key] = survivor.Id;
                    }
                    state.Current.Remove(other);
                }
                customer = survivor;
                // The merged customers' conversations are the survivor's now.
                await LoadCurrentConversationsAsync(channel.Id, [survivor.Id], state, cancellationToken);
            }
            if (!state.Current.ContainsKey(customer.Id))
            {
                state.Current[customer.Id] = null;
            }
        }

        // Identities the customer does not have yet, and nobody else has, are added.
        var added = false;
        foreach (var (kind, value) in sender.All())
        {
            if (state.Owners.TryGetValue((kind, value), out var owner))
            {
                continue;
            }
            db.CustomerIdentities.Add(new CustomerIdentity
            {
                WorkspaceId = workspace.Id,
                CustomerId = customer.Id,
                Kind = kind,
                Value = value,
                Verified = sender.Verified,
                CreatedAt = now,
            });
            state.Owners[(kind, value)] = customer.Id;
            added = true;
        }
        if (added)
        {
            await CustomerSearch.RefreshAsync(db, customer, state.Owners.Where(kv => kv.Value == customer.Id).Select(kv => kv.Key.Item2), cancellationToken);
        }
        if (sender.Name is { Length: > 0 } name && customer.DisplayName == DisplayNameFor(sender with { Name = null }))
        {
            // A real name replaces one made up from an address.
            customer.DisplayName = name;
            customer.UpdatedAt = now;
        }
        return customer;
    }

    private (Conversation Conversation, Change Change) ResolveConversation(Workspace workspace, Channel channel, Customer customer, State state, InboundItem item, DateTimeOffset now)
    {
        var current = item.Thread is { } thread
            ? thread.ConversationId is { } threadId && state.Threads.TryGetValue(threadId, out var answered) && answered.Status != ConversationStatus.Closed ? answered : null
            : state.Current.GetValueOrDefault(customer.Id);
        if (current is not null && item.Automated)
        {
            return (current, Change.None);
        }
        if (current is not null)
        {
            switch (current.Status)
            {
                case ConversationStatus.Open:
                    return (current, Change.None);
                case ConversationStatus.Pending or ConversationStatus.Snoozed:
                    // The customer answered: the ball is with the team again.
                    ChangeStatus.Apply(current, ConversationStatus.Open, null, null, events, now);
                    return (current, Change.None);
                case ConversationStatus.Resolved when current.ResolvedAt is { } resolvedAt && now - resolvedAt <= TimeSpan.FromHours(workspace.ReopenWindowHours):
                    ChangeStatus.Apply(current, ConversationStatus.Open, null, null, events, now);
                    events.Publish(new ConversationReopened(workspace.Id, current.Id, customer.Id, current.ReopenCount));
                    return (current, Change.None);
            }
        }

        var conversation = new Conversation
        {
            WorkspaceId = workspace.Id,
            CustomerId = customer.Id,
            ChannelId = channel.Id,
            Subject = item.Subject is { Length: > 300 } s ? s[..300] : item.Subject,
            Language = customer.Language,
            TeamId = channel.TeamId,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
        };
        db.Conversations.Add(conversation);
        state.Current[customer.Id] = conversation;
        return (conversation, Change.Created);
    }

    internal static string DisplayNameFor(InboundSender sender) =>
        sender.Name is { Length: > 0 } name ? (name.Length > Limits.NameLength ? name[..Limits.NameLength] : name)
        : sender.Email is { } email ? email.Split('@')[0]
        : sender.Phone ?? sender.Handle?.Split(':', 2)[1] ?? "?";

    private static string Truncate(string text) => text.Length > 4000 ? text[..4000] : text;
}
