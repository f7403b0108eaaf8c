-- Drives bulkhead-language-server from a real Neovim (0.7+): run by test/neovim/neovim.test.ts as
--   nvim --headless --clean -c 'luafile test/neovim/lsp-check.lua'
-- with BULKHEAD_NODE, BULKHEAD_SERVER, BULKHEAD_ROOT, BULKHEAD_FILES (paths separated by ';') and
-- BULKHEAD_OUT set. Opens each file, waits for its diagnostics, asks for hover and code actions at
-- the first finding, applies the "Suppress … for this line" action to the first file, and writes
-- everything as JSON to BULKHEAD_OUT.
local out = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, files = {} }
local published = {}

local function finish(err)
  if err then out.error = err end
  local file = assert(io.open(os.getenv('BULKHEAD_OUT'), 'w'))
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd('qall!')
end

local ok, failure = pcall(function()
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'bulkhead',
    cmd = { os.getenv('BULKHEAD_NODE'), os.getenv('BULKHEAD_SERVER'), '--stdio' },
    root_dir = os.getenv('BULKHEAD_ROOT'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        published[vim.uri_to_fname(params.uri)] = params
        return default_publish(err, params, ctx, config)
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client failed')
  local client = vim.lsp.get_client_by_id(client_id)

  for path in string.gmatch(os.getenv('BULKHEAD_FILES'), '[^;]+') do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, client_id)
    assert(vim.wait(15000, function() return published[path] ~= nil end, 50), 'no diagnostics for ' .. path)
    local diagnostics = published[path].diagnostics
    local entry = { path = path, filetype = vim.bo[bufnr].filetype, diagnostics = diagnostics }
    local first = diagnostics[1]
    if first then
      local uri = vim.uri_from_bufnr(bufnr)
      local hover = client.request_sync('textDocument/hover', {
        textDocument = { uri = uri },
        position = first.range.start,
      }, 5000, bufnr)
      entry.hover = hover and hover.result
      local actions = client.request_sync('textDocument/codeAction', {
        textDocument = { uri = uri },
        range = first.range,
        context = { diagnostics = { first } },
      }, 5000, bufnr)
      entry.actions = actions and actions.result
      if #out.files == 0 then
        for _, action in ipairs(entry.actions or {}) do
          if action.title == 'Suppress ' .. first.code .. ' for this line' then
            published[path] = nil
            vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
            assert(vim.wait(15000, function() return published[path] ~= nil end, 50), 'no diagnostics after the edit')
            entry.after_suppression = {
              text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'),
              diagnostics = published[path].diagnostics,
            }
          end
        end
      end
    end
    table.insert(out.files, entry)
  end
  client.stop()
end)
finish(not ok and tostring(failure) or nil)
