using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Customers;

internal static class CustomerEndpoints
{
    public static IServiceCollection AddCustomers(this IServiceCollection services) => services
        .AddScoped<ListCustomers.Handler>();

    public static void MapCustomerEndpoints(this RouteGroupBuilder workspace)
    {
        var customers = workspace.MapGroup("/customers").WithTags("Customers");

        customers.MapGet("/", async Task<Results<Ok<Page<CustomerDto>>, ProblemHttpResult, ValidationProblem>> (string? q, string? cursor, int? limit, CurrentMember member, ListCustomers.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, q, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListCustomers").WithSummary("Customers, newest first; q matches name, e-mail, phone or handle.");

        customers.MapGet("/{customerId:guid}", async Task<Results<Ok<CustomerDto>, ProblemHttpResult>> (Guid customerId, CurrentMember member, ListCustomers.Handler handler, CancellationToken ct) =>
                await handler.GetAsync(member, customerId, ct) is { } c ? TypedResults.Ok(c) : ProblemResults.Problem(Failure.NotFound(Strings.Get("Customer.NotFound"))))
            .WithName("GetCustomer").WithSummary("One customer with their identities.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
