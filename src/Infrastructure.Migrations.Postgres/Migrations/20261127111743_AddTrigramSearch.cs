using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Infrastructure.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Trigram indexes for the catalogue's <c>q</c> search, which compares <c>lower(name)</c> and
    /// <c>lower(description)</c> with a <c>%…%</c> pattern: a B-tree cannot serve a leading wildcard, a
    /// pg_trgm GIN index on the same expressions can (for three characters or more). PostgreSQL only; EF Core
    /// cannot describe an index on an expression, so it is plain SQL and not in the model.
    /// </summary>
    public partial class AddTrigramSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // pg_trgm is a trusted extension: the database owner may create it without being a superuser.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX \"IX_products_lower_name_trgm\" ON products USING gin (lower(name) gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_products_lower_description_trgm\" ON products USING gin (lower(description) gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_products_lower_description_trgm\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_products_lower_name_trgm\";");
        }
    }
}
