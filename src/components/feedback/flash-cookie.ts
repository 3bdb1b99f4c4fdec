/** The cookie that carries a success message across a server action's redirect (src/app/flash.ts). */
export const FLASH_COOKIE = "wl_flash";
