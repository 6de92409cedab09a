using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Hamdel.Server.Infrastructure.Api;

internal static class OpenApiSetup
{
    public static IServiceCollection AddHamdelOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Hamdel API",
                    Version = "v1",
                    Description = "Customer conversations, feedback and CX metrics. Authenticate with `Authorization: Bearer <token>` "
                        + "(from POST /api/v1/auth/token or a personal access token). Errors are RFC 9457 problem details.",
                    License = new OpenApiLicense { Name = "AGPL-3.0-or-later", Identifier = "AGPL-3.0-or-later" },
                    Contact = new OpenApiContact { Name = "Hamdel", Url = new Uri("https://github.com/hamdel/hamdel") },
                };
                document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A session token from POST /api/v1/auth/token or a personal access token (hmd_...).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenAuthenticationHandler.SchemeName, document)] = [] }];
                document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                // Anonymous routes say so, so a client does not send a token it may not have.
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                if (anonymous)
                {
                    operation.Security = [];
                }
                DeclareRouteParameters(operation, context.Description.RelativePath ?? "");
                // The answers the middleware gives before an endpoint runs are part of its contract.
                if (!anonymous)
                {
                    AddProblemResponse(operation, "401", "Not signed in, or the token is unknown, expired or revoked.");
                }
                if (metadata.OfType<WorkspaceScopedMetadata>().Any())
                {
                    AddProblemResponse(operation, "404", "No such workspace, or the caller is not an active member of it.");
                }
                if (metadata.OfType<RequiredWorkspaceRoles>().LastOrDefault() is { } roles)
                {
                    AddProblemResponse(operation, "403", "The caller's role is not one of: " + string.Join(", ", roles.Roles) + ".");
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>Every tag the API uses, with what it groups. A tag missing here fails the OpenAPI lint test.</summary>
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "Tokens and invitations, for callers who are not signed in yet.",
        ["Me"] = "The caller's own profile and personal access tokens.",
        ["Workspaces"] = "Workspaces (tenants) and their settings and export.",
        ["Members"] = "People in a workspace and their roles.",
        ["Audit"] = "The security audit log.",
        ["Customers"] = "Customer profiles: identities, attributes, tags, merges and the cross-channel timeline.",
        ["Channels"] = "Inboxes of a kind (API, web form ...) and the inbound messages API.",
        ["Conversations"] = "Conversations and messages: reading, replying, assigning, status.",
        ["Teams"] = "Teams that conversations are routed to.",
        ["Webhooks"] = "Signed event deliveries to the company's systems, with a delivery log.",
        ["Saved replies"] = "Canned responses with placeholders.",
        ["Search"] = "Search across conversations and customers.",
        ["Events"] = "Things customers did, tracked by the company (they can trigger surveys).",
        ["Surveys"] = "Survey definitions, touchpoints, triggers, invitations, answers, results and CSV import.",
        ["Public surveys"] = "Answering a survey without an account (invitation token or public link).",
        ["Follow-ups"] = "Closing the loop: follow-up cases for unhappy answers.",
        ["Topics"] = "The workspace's topic list that customer texts are tagged with (sentiment and topics are read from every customer message).",
    };

    /// <summary>Declares route parameters that the handler does not bind itself (the workspace id is read by middleware).</summary>
    private static void DeclareRouteParameters(OpenApiOperation operation, string path)
    {
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, @"\{([A-Za-z]+)(:[^}]*)?\}"))
        {
            var name = match.Groups[1].Value;
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path))
            {
                continue;
            }
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = match.Groups[2].Value == ":guid" ? "uuid" : null },
            });
        }
    }

    private static void AddProblemResponse(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey(status))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
            };
        }
    }

    public static void MapHamdelOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o
                .WithTitle("Hamdel API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
    }
}
