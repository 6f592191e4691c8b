using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Infrastructure.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IndexCatalogueByCategory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_products_category_id_status",
                table: "products");

            migrationBuilder.CreateIndex(
                name: "IX_products_category_id_status_created_at_id",
                table: "products",
                columns: new[] { "category_id", "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_products_category_id_status_name_id",
                table: "products",
                columns: new[] { "category_id", "status", "name", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_products_category_id_status_price_id",
                table: "products",
                columns: new[] { "category_id", "status", "price", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_products_category_id_status_created_at_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "IX_products_category_id_status_name_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "IX_products_category_id_status_price_id",
                table: "products");

            migrationBuilder.CreateIndex(
                name: "IX_products_category_id_status",
                table: "products",
                columns: new[] { "category_id", "status" });
        }
    }
}
