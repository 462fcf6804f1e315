package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// filesTab is 附件: the files kept in the database with the case (scanned letters,
// photos, signed notices), to add, open and remove.
func (c *caseDetail) filesTab() fyne.CanvasObject {
	box := container.NewVBox(container.NewHBox(
		c.action("attachment.add", lang.L("case.file.add"), true, model.ActAttachmentEdit, c.onAddFile)))
	for _, att := range c.detail.Attachments {
		key := strconv.FormatInt(att.ID, 10)
		text := lang.L("case.file.shown", map[string]any{
			"Name": att.Name, "Size": caseSize(att.Size), "By": att.CreatedBy, "At": att.CreatedAt.Local().Format("2006-01-02 15:04")})
		open := widget.NewButton(lang.L("case.file.open"), func() { c.openFile(att) })
		c.buttons["attachment.open."+key] = open
		del := c.action("attachment.delete."+key, lang.L("case.file.delete"), true, model.ActAttachmentEdit, func() { c.onDeleteFile(att) })
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(open, del), caseText(text)))
	}
	if len(c.detail.Attachments) == 0 {
		box.Add(widget.NewLabel(lang.L("case.file.none")))
	}
	return container.NewVScroll(box)
}

// caseSize writes a file size for people: 812 B, 35.2 KB, 4.1 MB.
func caseSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// onAddFile asks for a file and stores it with the case.
func (c *caseDetail) onAddFile() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			c.fail(err, nil)
			return
		}
		if r == nil {
			return // cancelled
		}
		c.addFile(r.URI().Name(), r)
	}, c.e.win)
}

// addFile reads r and stores it as an attachment named name, off the UI goroutine.
func (c *caseDetail) addFile(name string, r io.ReadCloser) {
	id := c.id
	c.write(nil, func(ctx context.Context, a model.Actor) error {
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			return errors.New(lang.L("case.file.read_failed", map[string]any{"Name": name, "Err": err.Error()}))
		}
		_, err = c.e.backend.AddAttachment(ctx, a, id, name, "", data)
		return err
	})
}

// openFile writes the attachment to a temporary folder and opens it in the program the
// system uses for its kind.
func (c *caseDetail) openFile(att model.Attachment) {
	a := c.e.actor
	c.e.bg.run(func() func() {
		data, err := c.e.backend.GetAttachmentData(context.Background(), a, att.ID)
		var path string
		if err == nil {
			path, err = caseTempFile(att.Name, data)
		}
		return func() {
			if err != nil {
				c.fail(err, nil)
				return
			}
			u, perr := url.Parse(storage.NewFileURI(path).String())
			if perr == nil {
				perr = c.openURL(u)
			}
			if perr != nil {
				dialog.ShowError(errors.New(lang.L("case.file.open_failed", map[string]any{"Path": path, "Err": perr.Error()})), c.e.win)
			}
		}
	})
}

// caseTempFile writes data under a new temporary folder, keeping the file's own name
// so that the system picks the right program for it.
func caseTempFile(name string, data []byte) (string, error) {
	dir, err := os.MkdirTemp("", "baoan-")
	if err != nil {
		return "", errors.New(lang.L("case.file.temp_failed", map[string]any{"Err": err.Error()}))
	}
	path := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", errors.New(lang.L("case.file.temp_failed", map[string]any{"Err": err.Error()}))
	}
	return path, nil
}

func (c *caseDetail) onDeleteFile(att model.Attachment) {
	dialog.ShowConfirm(lang.L("case.file.delete"), lang.L("case.file.delete_confirm", map[string]any{"Name": att.Name}), func(ok bool) {
		if ok {
			c.write(nil, func(ctx context.Context, a model.Actor) error {
				return c.e.backend.DeleteAttachment(ctx, a, att.ID)
			})
		}
	}, c.e.win)
}
