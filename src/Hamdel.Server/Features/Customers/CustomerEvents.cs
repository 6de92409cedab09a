using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Customers;

internal sealed record CustomerCreated(Guid WorkspaceId, Guid CustomerId, string DisplayName) : IDomainEvent
{
    public const string Name = "customer.created";
    public string Type => Name;
}

internal sealed record CustomerUpdated(Guid WorkspaceId, Guid CustomerId) : IDomainEvent
{
    public const string Name = "customer.updated";
    public string Type => Name;
}

internal sealed record CustomerMerged(Guid WorkspaceId, Guid SurvivorId, Guid MergedId, string Reason, Guid? ByUserId) : IDomainEvent
{
    public const string Name = "customer.merged";
    public string Type => Name;
}
