using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Conversations;

internal sealed record ConversationCreated(Guid WorkspaceId, Guid ConversationId, long Number, Guid CustomerId, Guid ChannelId, Guid? TeamId) : IDomainEvent
{
    public const string Name = "conversation.created";
    public string Type => Name;
}

internal sealed record ConversationReopened(Guid WorkspaceId, Guid ConversationId, Guid CustomerId, int ReopenCount) : IDomainEvent
{
    public const string Name = "conversation.reopened";
    public string Type => Name;
}

internal sealed record MessageCreated(
    Guid WorkspaceId, Guid ConversationId, Guid MessageId, Guid CustomerId, Guid ChannelId,
    MessageDirection Direction, MessageAuthor Author, Guid? AuthorUserId, string Text, DateTimeOffset SentAt) : IDomainEvent
{
    public const string Name = "message.created";
    public string Type => Name;
}

internal sealed record ConversationAssigned(Guid WorkspaceId, Guid ConversationId, Guid? AssigneeId, Guid? TeamId, Guid? PreviousAssigneeId, Guid? PreviousTeamId, Guid? ByUserId) : IDomainEvent
{
    public const string Name = "conversation.assigned";
    public string Type => Name;
}

internal sealed record ConversationStatusChanged(Guid WorkspaceId, Guid ConversationId, ConversationStatus Status, ConversationStatus Previous, DateTimeOffset? SnoozedUntil, Guid? ByUserId) : IDomainEvent
{
    public const string Name = "conversation.status_changed";
    public string Type => Name;
}

/// <summary>Separate from the status change because surveys, metrics and SLAs listen for it.</summary>
internal sealed record ConversationResolved(
    Guid WorkspaceId, Guid ConversationId, Guid CustomerId, Guid ChannelId, Guid? AssigneeId, Guid? TeamId,
    DateTimeOffset CreatedAt, DateTimeOffset? FirstResponseAt, DateTimeOffset ResolvedAt, int ReopenCount, int TeamTransferCount) : IDomainEvent
{
    public const string Name = "conversation.resolved";
    public string Type => Name;
}

/// <summary>Priority, tags or subject changed: what the live inbox needs to redraw.</summary>
internal sealed record ConversationUpdated(Guid WorkspaceId, Guid ConversationId, string What) : IDomainEvent
{
    public const string Name = "conversation.updated";
    public string Type => Name;
}

/// <summary>An outbound message was accepted by its channel, or given up.</summary>
internal sealed record MessageDelivery(Guid WorkspaceId, Guid ConversationId, Guid MessageId, DeliveryStatus Status, string? Error) : IDomainEvent
{
    public const string Name = "message.delivery";
    public string Type => Name;
}
