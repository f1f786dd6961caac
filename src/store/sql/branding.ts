/** Managed-login branding styles, their assets and classic UI customizations: statements both dialects run as written. */
export const BRANDING = {
  insertStyle: `INSERT INTO branding_styles (pool_id, branding_id, client_id, use_cognito_provided_values, settings, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  getStyle: 'SELECT * FROM branding_styles WHERE pool_id = $1 AND branding_id = $2',
  getStyleByClient: 'SELECT * FROM branding_styles WHERE pool_id = $1 AND client_id = $2',
  updateStyle: 'UPDATE branding_styles SET use_cognito_provided_values = $1, settings = $2, updated_at = $3 WHERE pool_id = $4 AND branding_id = $5',
  deleteStyle: 'DELETE FROM branding_styles WHERE pool_id = $1 AND branding_id = $2',
  /** An asset without a resource id is stored with '' so that the key (category, color mode, resource id) holds for it too. */
  insertAsset: `INSERT INTO branding_assets (pool_id, branding_id, category, color_mode, resource_id, extension, bytes)
                VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  listAssets: 'SELECT * FROM branding_assets WHERE pool_id = $1 AND branding_id = $2 ORDER BY category, color_mode, resource_id',
  /** The same without the images (the hosted pages read each image on its own, by getAsset). */
  listAssetsWithoutBytes: `SELECT category, color_mode, resource_id, extension FROM branding_assets WHERE pool_id = $1 AND branding_id = $2
                           ORDER BY category, color_mode, resource_id`,
  getAsset: `SELECT * FROM branding_assets WHERE pool_id = $1 AND branding_id = $2 AND category = $3 AND color_mode = $4
             ORDER BY resource_id LIMIT 1`,
  deleteAssets: 'DELETE FROM branding_assets WHERE pool_id = $1 AND branding_id = $2',
  putUi: `INSERT INTO ui_customizations (pool_id, client_id, css, image, image_extension, css_version, created_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
          ON CONFLICT (pool_id, client_id) DO UPDATE SET css = excluded.css, image = excluded.image,
            image_extension = excluded.image_extension, css_version = excluded.css_version, updated_at = excluded.updated_at`,
  getUi: 'SELECT * FROM ui_customizations WHERE pool_id = $1 AND client_id = $2',
  deleteUi: 'DELETE FROM ui_customizations WHERE pool_id = $1 AND client_id = $2',
} as const;
