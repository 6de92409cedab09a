using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Customers;

internal static class CustomerEndpoints
{
    public static IServiceCollection AddCustomers(this IServiceCollection services) => services
        .AddScoped<ListCustomers.Handler>()
        .AddScoped<CustomerDetail.Handler>()
        .AddScoped<ManageCustomers.Handler>()
        .AddScoped<MergeCustomers.Handler>()
        .AddScoped<ICustomerMergeParticipant, CustomerProfileMergeParticipant>()
        .AddScoped<ITimelineSource, MergeTimelineSource>();

    public static void MapCustomerEndpoints(this RouteGroupBuilder workspace)
    {
        var customers = workspace.MapGroup("/customers").WithTags("Customers");

        customers.MapGet("/", async Task<Results<Ok<Page<CustomerDto>>, ProblemHttpResult, ValidationProblem>> (string? q, string? cursor, int? limit, CurrentMember member, ListCustomers.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, q, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListCustomers").WithSummary("Customers, newest first; q finds them by name, e-mail, phone or handle (Persian and Arabic letter and digit variants match).");

        customers.MapPost("/", async Task<Results<Created<CustomerProfile>, ProblemHttpResult, ValidationProblem>> (ManageCustomers.CreateRequest request, CurrentMember member, ManageCustomers.Handler handler, CustomerDetail.Handler detail, CancellationToken ct) =>
            {
                var created = await handler.CreateAsync(member, request, ct);
                if (created.Failure is { } failure)
                {
                    return failure.ToHttp<Created<CustomerProfile>>();
                }
                var profile = await detail.GetAsync(member, created.Value, ct);
                return TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/customers/{created.Value}", profile.Value!);
            })
            .WithName("CreateCustomer").WithSummary("Creates a customer with identities, attributes and tags; an identity that belongs to another customer is refused (409) with a pointer to them.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status409Conflict);

        customers.MapGet("/{customerId:guid}", async Task<Results<Ok<CustomerProfile>, ProblemHttpResult, ValidationProblem>> (Guid customerId, CurrentMember member, CustomerDetail.Handler handler, CancellationToken ct) =>
                (await handler.GetAsync(member, customerId, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetCustomer")
            .WithSummary("A customer's profile. A customer merged into another answers 404 with mergedInto and location pointing to the survivor.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapPut("/{customerId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid customerId, ManageCustomers.UpdateRequest request, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(member, customerId, request, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("UpdateCustomer").WithSummary("Changes name, language and time zone.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapGet("/{customerId:guid}/timeline", async Task<Results<Ok<IReadOnlyList<TimelineItem>>, ProblemHttpResult, ValidationProblem>> (Guid customerId, int? limit, CurrentMember member, CustomerDetail.Handler handler, CancellationToken ct) =>
                (await handler.TimelineAsync(member, customerId, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetCustomerTimeline").WithSummary("Everything with the customer on every channel (conversations, merges, ...), newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapPost("/{customerId:guid}/identities", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid customerId, ManageCustomers.IdentityRequest request, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.AddIdentityAsync(member, customerId, request, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("AddCustomerIdentity")
            .WithSummary("Adds an e-mail, phone or handle. A verified identity that belongs to another customer merges that customer into this one; an unverified one is refused (409).")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        customers.MapDelete("/{customerId:guid}/identities/{identityId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid customerId, Guid identityId, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.RemoveIdentityAsync(member, customerId, identityId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RemoveCustomerIdentity").WithSummary("Removes an identity from the customer.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapPut("/{customerId:guid}/attributes/{key}", async Task<Results<Ok<AttributeDto>, ProblemHttpResult, ValidationProblem>> (Guid customerId, string key, ManageCustomers.AttributeRequest request, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.SetAttributeAsync(member, customerId, key, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("SetCustomerAttribute").WithSummary("Sets a typed attribute (Text, Number, Date as yyyy-MM-dd, Boolean).")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapDelete("/{customerId:guid}/attributes/{key}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid customerId, string key, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.RemoveAttributeAsync(member, customerId, key, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RemoveCustomerAttribute").WithSummary("Removes an attribute.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapPut("/{customerId:guid}/tags", async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult, ValidationProblem>> (Guid customerId, ManageCustomers.TagsRequest request, CurrentMember member, ManageCustomers.Handler handler, CancellationToken ct) =>
                (await handler.SetTagsAsync(member, customerId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("SetCustomerTags").WithSummary("Replaces the customer's tags.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        customers.MapPost("/{customerId:guid}/merge", async Task<Results<Ok<CustomerProfile>, ProblemHttpResult, ValidationProblem>> (Guid customerId, MergeCustomers.Request request, CurrentMember member, MergeCustomers.Handler handler, CustomerDetail.Handler detail, CancellationToken ct) =>
            {
                var merged = await handler.ExecuteAsync(member, customerId, request, ct);
                if (merged.Failure is { } failure)
                {
                    return failure.ToHttp<Ok<CustomerProfile>>();
                }
                return TypedResults.Ok((await detail.GetAsync(member, customerId, ct)).Value!);
            })
            .WithName("MergeCustomers")
            .WithSummary("Merges customerId into this customer: identities, conversations, attributes, tags and all other data move here; the other id then answers 404 with a pointer here.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
