-- copydesk for Neovim 0.11+: lints Markdown and plain text with `copydesk --stdio`.
--
-- Put this file anywhere on 'runtimepath' under plugin/ (for example
-- ~/.config/nvim/plugin/copydesk.lua), or `dofile` it from init.lua.
-- Findings appear as diagnostics; `gra` (or vim.lsp.buf.code_action()) offers the fixes,
-- `K` on a finding explains the rule.
vim.lsp.config('copydesk', {
  cmd = { 'copydesk', '--stdio' },
  filetypes = { 'markdown', 'text' },
  -- A project's .copydesk.toml marks its root; otherwise the repository's.
  root_markers = { '.copydesk.toml', '.git' },
  -- The same keys as .copydesk.toml, sent when the server starts, for example:
  --   settings = { copydesk = { rules = { ['phrasing/article-a-an'] = 'error' }, ignore_words = { 'Depardieu' } } }
  -- A later vim.lsp.config('copydesk', { settings = ... }) in init.lua merges into this.
})
vim.lsp.enable('copydesk')
